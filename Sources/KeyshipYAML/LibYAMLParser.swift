internal import CYAML
internal import KeyshipCore

/// Owns one libyaml parser and the copy of the input it reads from.
///
/// libyaml keeps pointers into the `yaml_parser_t` itself and reads the input lazily, so both
/// live on the heap, at fixed addresses, until `deinit` deletes the parser and only then frees
/// the input.
@safe final class LibYAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>

    /// Creates a parser over a copy of `bytes`, which must be UTF-8 without a byte order mark.
    init(bytes: some Collection<UInt8>) {
        // Allocate at least one byte so libyaml never receives a null pointer for empty input.
        unsafe input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = unsafe input.initialize(from: bytes)
        unsafe parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        // yaml_parser_initialize fails only when malloc fails, which Swift treats as fatal anyway.
        guard unsafe yaml_parser_initialize(parser) == 1 else {
            fatalError("libyaml could not allocate its parser buffers")
        }
        unsafe yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        unsafe yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        unsafe yaml_parser_delete(parser)
        unsafe parser.deallocate()
        unsafe input.deallocate()
    }

    /// Reads the next event, copied into Swift values, or throws libyaml's problem.
    func nextEvent() throws(LibYAMLProblem) -> ParserEvent {
        var event = unsafe yaml_event_t()
        guard unsafe yaml_parser_parse(parser, &event) == 1 else {
            throw currentProblem()
        }
        defer { unsafe yaml_event_delete(&event) }
        return unsafe ParserEvent(event)
    }

    private func currentProblem() -> LibYAMLProblem {
        let state = unsafe parser.pointee
        let problem = unsafe state.problem.map { unsafe String(cString: $0) } ?? "unknown error"
        let context = unsafe state.context.map { unsafe String(cString: $0) }
        if unsafe state.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset instead of a mark.
            return unsafe LibYAMLProblem(problem: problem, context: context, position: .offset(state.problem_offset))
        }
        let mark = unsafe state.problem_mark
        return LibYAMLProblem(
            problem: problem, context: context,
            position: .mark(line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }
}

/// libyaml's description of why it stopped.
struct LibYAMLProblem: Error {
    enum Position {
        /// 1-based line and column.
        case mark(line: Int, column: Int)
        /// Byte offset into the input.
        case offset(Int)
    }

    var problem: String
    var context: String?
    var position: Position
}

/// One libyaml event, with every string copied out of libyaml's memory.
struct ParserEvent {
    enum Kind {
        case streamStart
        case streamEnd
        case documentStart
        case documentEnd
        case alias(anchor: String)
        case scalar(YAMLScalar, anchor: String?, hasTag: Bool)
        case sequenceStart(anchor: String?, hasTag: Bool)
        case sequenceEnd
        case mappingStart(anchor: String?, hasTag: Bool)
        case mappingEnd
    }

    var kind: Kind
    /// 1-based line and column where the event starts.
    var line: Int
    var column: Int

    init(_ event: yaml_event_t) {
        line = unsafe Int(event.start_mark.line) + 1
        column = unsafe Int(event.start_mark.column) + 1
        switch unsafe event.type {
        case YAML_STREAM_START_EVENT:
            kind = .streamStart
        case YAML_DOCUMENT_START_EVENT:
            kind = .documentStart
        case YAML_DOCUMENT_END_EVENT:
            kind = .documentEnd
        case YAML_ALIAS_EVENT:
            kind = unsafe .alias(anchor: Self.string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let scalar = unsafe event.data.scalar
            // The value may contain NUL (written `\0`), so it is read by length, not as a C string.
            let bytes = unsafe UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            let value = unsafe String(decoding: bytes, as: UTF8.self)
            kind = unsafe .scalar(
                YAMLScalar(value, style: Self.style(scalar.style)),
                anchor: Self.string(scalar.anchor),
                hasTag: scalar.tag != nil)
        case YAML_SEQUENCE_START_EVENT:
            let start = unsafe event.data.sequence_start
            kind = unsafe .sequenceStart(anchor: Self.string(start.anchor), hasTag: start.tag != nil)
        case YAML_SEQUENCE_END_EVENT:
            kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let start = unsafe event.data.mapping_start
            kind = unsafe .mappingStart(anchor: Self.string(start.anchor), hasTag: start.tag != nil)
        case YAML_MAPPING_END_EVENT:
            kind = .mappingEnd
        default:
            // YAML_STREAM_END_EVENT, and YAML_NO_EVENT, which libyaml emits only after the end.
            kind = .streamEnd
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer = unsafe pointer else { return nil }
        return unsafe String(cString: pointer)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
