"""The station database: tables, the engine, the as-run log, small shared facts. The only
wing that speaks SQL (tests/unit/test_layers_sql.py): everything else calls the named
functions of these modules, and catches the database's failures under store/errors.py's
names.

- db.py, models.py: the engine, pragmas, triggers; the tables. readonly.py: a look at a file.
- asrun.py, chainhead.py: the as-run chain and its head file.
- plan.py: planned airings (the re-plan's transaction, the urgent ones, the busy airtime).
- programmes.py: library rows and ingest events. library.py: reads for an operator's change
  in its transaction. changes.py: the programme change log. assemblies.py: bulletins with
  their signal. levels.py: loudness rows.
- snapshots.py: the month's proof, the plan and the status view, each read at once.
- notifications.py, state.py: notifications sent and quiet; the daemon's shared facts.
- migrations.py, migrations_baseline.py: named schema steps, recorded in the database.
- schedule.py: the planned airings the timers are built from.
- programme_states.py: the change log read as each programme's state.
- backup.py: copies of the database; outputs.py: where commands may write (never here).
"""
