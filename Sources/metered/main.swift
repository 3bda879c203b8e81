import MeteredCLI

await CLIRunner.main()
