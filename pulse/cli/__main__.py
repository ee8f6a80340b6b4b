from pulse.cli.main import main

raise SystemExit(main())
