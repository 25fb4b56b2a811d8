"""Commands beyond the core ones: each module here defines `register(app: typer.Typer) -> None`, and
`bedside.cli` calls it for every module, so a new command is a new module. What they share (the consoles,
reading a text argument, loading the settings) is in `_common`, which `cli.py` uses too: commands never import
the CLI."""
