from broadcaster.cli import entry

entry()
