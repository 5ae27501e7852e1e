from djkb.cli import main

raise SystemExit(main())
