// OPAInProcess: the real OPA engine (libopabridge.so from ../shared/tools/opa/install.sh)
// loaded with dlopen and called through its C functions, so OPA and the embedded VM are
// timed in the same process. Every fallible call returns a malloc'd JSON envelope
// (`{"result":…}` or `{"error":…}`) that is released with OpaFreeString.
#if canImport(Glibc)
import Glibc
#endif

/// One OPA engine instance behind the bridge library.
final class OPAInProcess {
    private typealias NewFn = @convention(c) () -> UInt64
    private typealias AddFn = @convention(c) (UInt64, UnsafePointer<CChar>, UnsafePointer<CChar>) -> UnsafeMutablePointer<CChar>?
    private typealias EvalFn = @convention(c) (UInt64, UnsafePointer<CChar>, UnsafePointer<CChar>, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    private typealias FreeFn = @convention(c) (UnsafeMutablePointer<CChar>?) -> Void

    private let addPolicy: AddFn
    private let addData: AddFn
    private let evalDocument: EvalFn
    private let free: FreeFn
    private let engine: UInt64

    /// Loads `<home>/opa_bindings/libopabridge.so`; nil (with the reason) when it cannot.
    static func load(home: String) -> Result<OPAInProcess, BenchError> {
        let path = home + "/opa_bindings/libopabridge.so"
        guard let lib = dlopen(path, RTLD_NOW) else {
            return .failure(BenchError("dlopen \(path): \(String(cString: dlerror()))"))
        }
        func symbol<T>(_ name: String, _ type: T.Type) -> T? {
            guard let p = dlsym(lib, name) else { return nil }
            return unsafeBitCast(p, to: type)
        }
        guard let new = symbol("OpaNew", NewFn.self), let addPolicy = symbol("OpaAddPolicy", AddFn.self),
              let addData = symbol("OpaAddData", AddFn.self), let eval = symbol("OpaEvalDocument", EvalFn.self),
              let free = symbol("OpaFreeString", FreeFn.self) else {
            return .failure(BenchError("\(path) lacks an Opa* function"))
        }
        return .success(OPAInProcess(engine: new(), addPolicy: addPolicy, addData: addData, eval: eval, free: free))
    }

    private init(engine: UInt64, addPolicy: @escaping AddFn, addData: @escaping AddFn, eval: @escaping EvalFn, free: @escaping FreeFn) {
        self.engine = engine
        self.addPolicy = addPolicy
        self.addData = addData
        self.evalDocument = eval
        self.free = free
    }

    private func envelope(_ p: UnsafeMutablePointer<CChar>?) -> String {
        guard let p else { return #"{"error":{"message":"null answer"}}"# }
        defer { free(p) }
        return String(cString: p)
    }

    /// Adds a module; the error envelope's text when OPA rejects it.
    func add(policy name: String, source: String) -> String? {
        let answer = envelope(addPolicy(engine, name, source))
        return answer.contains(#""error""#) ? answer : nil
    }

    /// Adds data at a dotted path ("" for the root).
    func add(dataAt path: String, json: String) -> String? {
        let answer = envelope(addData(engine, path, json))
        return answer.contains(#""error""#) ? answer : nil
    }

    /// Evaluates the document at `dottedPath` for the input JSON; the envelope text.
    func evaluate(_ dottedPath: String, inputJSON: String) -> String {
        envelope(evalDocument(engine, dottedPath, inputJSON, 0, 0))
    }
}

/// Why part of the benchmark could not run.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
