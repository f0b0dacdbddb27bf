import SousCommandLine

SousCommand.main()
