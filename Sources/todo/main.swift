import Foundation

exit(CommandLineTool.todo.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
