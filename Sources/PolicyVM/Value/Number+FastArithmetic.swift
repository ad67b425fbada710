// Number+FastArithmetic: the decimal shortcut of OPA's float arithmetic.
extension Number {
    static func fastDecimal(_ op: ArithmeticOperation, _ a: Number, _ b: Number) throws(NumberError) -> Number? {
        nil
    }
}
