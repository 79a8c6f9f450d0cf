"""The station database: tables, the engine, the as-run log, small shared facts. The only
wing that speaks SQL.
"""
