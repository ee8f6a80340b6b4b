"""The commands of the `pulse` shell (pulse/cli.py), one module per family: each adds its
parsers and handlers; they call the application core (app/) and never connectors/ directly."""
