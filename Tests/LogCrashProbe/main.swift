import Foundation
import TodoLog

// A test-only program for TodoLogTests: logs numbered lines to a file through a LogWriter that
// never flushes on its own, then ends the way it is told, so the test can see which lines
// reached the file.
//   todo-log-crash-probe FILE LINES abort|segv|trap|exit [--no-install]

let arguments = CommandLine.arguments
guard arguments.count >= 4, let lines = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: todo-log-crash-probe FILE LINES abort|segv|trap|exit [--no-install]\n".utf8))
    exit(2)
}
let descriptor = open(arguments[1], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
let writer = LogWriter(descriptor: descriptor, interval: .seconds(3600))
if !arguments.contains("--no-install") { writer.flushAtExitAndOnFatalSignal() }
let logger = Logger(label: "probe", writer: writer)
for index in 0..<lines {
    logger.info("line", [("index", String(index))])
}

switch arguments[3] {
case "abort":
    abort()
case "segv":
    UnsafeMutablePointer<Int>(bitPattern: 8)!.pointee = 1
case "trap":
    fatalError("the probe traps on purpose")
default:
    exit(3)
}
