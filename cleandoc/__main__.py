from cleandoc.cli import entry

entry()
