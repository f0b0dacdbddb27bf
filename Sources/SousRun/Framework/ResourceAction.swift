import SousLanguage
import SousSupport

/// Runs one action on one resource as Chef's Resource#run_action does: `:nothing`, guards
/// (in declaration order; the first that says no skips the action), retries with
/// `retry_delay`, `ignore_failure`, and the events the formatter reports.
struct ResourceAction {
    let run: RunContext

    func perform(_ action: String, on resource: Resource, whyRun: Bool) throws {
        resource.updatedByLastAction = false
        run.events.actionStarted(resource, action: action)
        if action == "nothing" {
            run.logger.debug("Doing nothing for \(resource.identity)")
            run.events.actionSkipped(resource, action: action, reason: "action :nothing")
            return
        }
        do {
            if let failed = try firstFailingGuard(of: resource) {
                run.events.actionSkipped(resource, action: action, reason: failed.rawValue)
                return
            }
        } catch {
            try fail(resource, action, error)
            return
        }
        var attemptsLeft = resource.retries
        while true {
            let context = ActionContext(resource: resource, run: run, whyRun: whyRun)
            do {
                try resource.type.perform(action, resource, context)
                if context.changed {
                    resource.updatedByLastAction = true
                    if !whyRun { resource.updated = true }
                    run.events.actionCompleted(resource, action: action)
                } else {
                    run.events.actionUpToDate(resource, action: action)
                }
                return
            } catch {
                if attemptsLeft > 0 {
                    attemptsLeft -= 1
                    run.logger.warn("Retrying execution of \(resource.identity), \(attemptsLeft) attempt\(attemptsLeft == 1 ? "" : "s") left")
                    run.host.sleep(seconds: resource.retryDelay)
                    continue
                }
                try fail(resource, action, error)
                return
            }
        }
    }

    /// Reports a failure; raises it unless the resource ignores failures.
    private func fail(_ resource: Resource, _ action: String, _ error: Error) throws {
        let failure = describe(error, resource: resource, action: action)
        run.events.actionFailed(resource, action: action, error: failure)
        if resource.ignoreFailure {
            run.logger.error("\(failure.summary); ignore_failure is set, continuing")
            return
        }
        throw failure
    }

    /// The first guard that stops the action, if any.
    private func firstFailingGuard(of resource: Resource) throws -> Guard.Kind? {
        for condition in resource.guards {
            let passed: Bool
            switch condition.test {
            case .block(let block):
                passed = try run.interpreter.callBlock(block, []).isTruthy
            case .command(let command, let options):
                let result = try CommandRunner.run(command, options: options)
                run.logger.debug("\(resource.identity) guard `\(command.display)` exited \(result.status)")
                passed = result.status == 0
            }
            if passed != (condition.kind == .onlyIf) {
                run.logger.debug("Skipping \(resource.identity) due to \(condition.kind.rawValue) \(describe(condition.test))")
                return condition.kind
            }
        }
        return nil
    }

    private func describe(_ test: Guard.Test) -> String {
        switch test {
        case .block: return "ruby block"
        case .command(let command, _): return "command \"\(command.display)\""
        }
    }

    /// Turns whatever an action threw into the report Chef would print.
    func describe(_ error: Error, resource: Resource, action: String) -> ResourceFailure {
        var errorClass = "RuntimeError"
        var message = "\(error)"
        var details: [String] = []
        switch error {
        case let failure as ResourceFailure:
            return failure
        case let actionError as ActionError:
            errorClass = actionError.errorClass
            message = actionError.message
            details = actionError.details
        case let rubyError as RubyError:
            errorClass = run.interpreter.className(of: .object(rubyError.exception))
            message = (try? run.interpreter.toS(rubyError.exception.message)) ?? message
            details = (rubyError.exception.backtrace ?? []).prefix(5).map { "  " + $0 }
        case let failure as SystemCallFailure:
            errorClass = failure.errorClass
            message = failure.description
        case let start as CommandStartFailure:
            errorClass = "Errno::ENOENT"
            message = start.description
        default:
            break
        }
        return ResourceFailure(resource: resource.identity, action: action, declaration: resource.declaration,
                               errorClass: errorClass, message: message, details: details,
                               excerpt: excerpt(of: resource))
    }

    /// The declaration's lines, numbered: from its first line to the `end` of its block.
    private func excerpt(of resource: Resource) -> [String] {
        guard let source = run.interpreter.source(for: resource.declaration.file) else { return [] }
        let lines = String(decoding: source.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let first = resource.declaration.line - 1
        guard first >= 0, first < lines.count else { return [] }
        let indent = lines[first].prefix { $0 == " " }.count
        var last = first
        if lines[first].hasSuffix(" do") || lines[first].contains(" do |") {
            while last + 1 < lines.count && last - first < 30 {
                last += 1
                let line = lines[last]
                if line.prefix(while: { $0 == " " }).count == indent && line.trimmingCharacters(in: " ") == "end" { break }
            }
        }
        let width = String(last + 1).count
        return (first...last).map { index in
            let number = String(index + 1)
            return String(repeating: " ", count: width - number.count) + number + ": " + lines[index]
        }
    }
}

private extension Substring {
    func trimmingCharacters(in character: Character) -> Substring {
        var text = self
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return text
    }
}
