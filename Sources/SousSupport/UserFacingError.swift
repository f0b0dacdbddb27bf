/// An error whose description is complete for the user: what failed, where (which file,
/// machine, request) and what to do. Each layer's error types conform, and the command line's
/// one error reporter prints any of them after `sous: ` without knowing them one by one.
public protocol UserFacingError: Error, CustomStringConvertible {}
