// The `agentspec` executable: parses the command line and hands over to a command.
#if canImport(Glibc)
import Glibc
#endif

exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst())))
