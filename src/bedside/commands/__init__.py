"""Commands beyond the core ones: each module here defines `register(app: typer.Typer) -> None`, and
`bedside.cli` calls it for every module, so a new command is a new module."""
