/// nil, true and false (NilClass, TrueClass, FalseClass): conversions and the logical operators.
extension Interpreter {
    func installNilTrueFalse() {
        let nilClass = classes.nilClass!
        define(nilClass, [
            .method("to_s", arity: .exactly(0)) { interp, _, _ in interp.makeString("") },
            .method("to_a", arity: .exactly(0)) { interp, _, _ in interp.makeArray([]) },
            .method("to_h", arity: .exactly(0)) { interp, _, _ in .object(interp.makeHashObject()) },
            .method("to_i", arity: .exactly(0)) { _, _, _ in .integer(0) },
            .method("to_f", arity: .exactly(0)) { _, _, _ in .float(0) },
            .method("inspect", arity: .exactly(0)) { interp, _, _ in interp.makeString("nil") },
            .method("&", arity: .exactly(1)) { _, _, _ in .false },
            .method("|", arity: .exactly(1)) { _, _, args in .bool(args[0].isTruthy) },
            .method("nil?", arity: .exactly(0)) { _, _, _ in .true },
        ])
        for (cls, value) in [(classes.trueClass!, true), (classes.falseClass!, false)] {
            define(cls, [
                .method("to_s", "inspect", arity: .exactly(0)) { interp, _, _ in interp.makeString(value ? "true" : "false") },
                .method("&", arity: .exactly(1)) { _, _, args in .bool(value && args[0].isTruthy) },
                .method("|", arity: .exactly(1)) { _, _, args in .bool(value || args[0].isTruthy) },
                .method("^", arity: .exactly(1)) { _, _, args in .bool(value != args[0].isTruthy) },
                .method("!", arity: .exactly(0)) { _, _, _ in .bool(!value) },
            ])
        }
    }
}
