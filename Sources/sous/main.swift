import SousCommandLine

SousCommand.start()
