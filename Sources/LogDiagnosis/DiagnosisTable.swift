/// The rules ready for a scan: every signature as a plain probe (nothing reference-counted in
/// the loop that runs for each line) and one index of all their keywords, searched once a line.
struct CompiledTable: Sendable {
    /// A signature as the scan sees it.
    struct Probe: Sendable {
        let rule: Int
        let signature: Int
        /// Its keywords' ids, a range of ``CompiledTable/keywordIDs`` (empty: always try the regex).
        let keywords: Range<Int>
        /// Whether a line its own logger calls routine may match it (a decisive cause).
        let countsOnRoutineLines: Bool
    }

    let rules: [CompiledRule]
    let probes: [Probe]
    let keywordIDs: [Int]
    let index: KeywordIndex

    /// ``DiagnosisRule/all``, compiled once per process.
    static let standard = CompiledTable(DiagnosisRule.all)

    init(_ rules: [DiagnosisRule]) {
        self.rules = CompiledRule.compile(rules)
        var keywords: [[UInt8]: Int] = [:]
        var keywordIDs: [Int] = []
        var probes: [Probe] = []
        for (ruleIndex, rule) in self.rules.enumerated() {
            for (signatureIndex, signature) in rule.signatures.enumerated() {
                let start = keywordIDs.count
                for keyword in signature.keywords {
                    let id = keywords[keyword.bytes, default: keywords.count]
                    keywords[keyword.bytes] = id
                    keywordIDs.append(id)
                }
                probes.append(Probe(rule: ruleIndex, signature: signatureIndex, keywords: start..<keywordIDs.count,
                                    countsOnRoutineLines: rule.rule.tier == .cause && signature.isDecisive))
            }
        }
        self.probes = probes
        self.keywordIDs = keywordIDs
        index = KeywordIndex(keywords.sorted { $0.value < $1.value }.map { Keyword(lowered: $0.key) })
    }

    /// Whether `probe` has no keywords or one of them is in `found`.
    func mayMatch(_ probe: Probe, found: KeywordIndex.Found) -> Bool {
        probe.keywords.isEmpty || probe.keywords.contains { found.contains(keywordIDs[$0]) }
    }

    func signature(of probe: Probe) -> CompiledSignature {
        rules[probe.rule].signatures[probe.signature]
    }
}

/// Every distinct keyword, found in a line in one pass: the keywords are filed by a hash of
/// their first two bytes, and each position of the line looks up its own two bytes.
struct KeywordIndex: Sendable {
    /// The ids of the keywords a line contains.
    struct Found {
        fileprivate var bits: [UInt64]

        func contains(_ id: Int) -> Bool { bits[id >> 6] & (1 << UInt64(id & 63)) != 0 }
        fileprivate mutating func insert(_ id: Int) { bits[id >> 6] |= 1 << UInt64(id & 63) }
    }

    private static let bucketCount = 4096
    /// All keywords' bytes end to end; keyword `id` is `bytes[starts[id]..<starts[id + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    /// Bucket `b` holds the ids `bucketed[bucketStarts[b]..<bucketStarts[b + 1]]`.
    private let bucketStarts: [Int]
    private let bucketed: [Int]
    /// Keywords of one byte, checked on their own.
    private let single: [(byte: UInt8, id: Int)]

    /// The index of `keywords`; a keyword's id is its place in the array.
    init(_ keywords: [Keyword]) {
        let encoded = keywords.map(\.bytes)
        bytes = encoded.flatMap { $0 }
        starts = encoded.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        let hashes = encoded.map { $0.count >= 2 ? Self.hash($0[0], $0[1]) : nil }
        // A counting sort of the ids by bucket.
        var bucketStarts = [Int](repeating: 0, count: Self.bucketCount + 1)
        for hash in hashes.compactMap({ $0 }) { bucketStarts[hash + 1] += 1 }
        for bucket in 0..<Self.bucketCount { bucketStarts[bucket + 1] += bucketStarts[bucket] }
        var bucketed = [Int](repeating: 0, count: bucketStarts[Self.bucketCount])
        var next = bucketStarts
        for (id, hash) in hashes.enumerated() {
            guard let hash else { continue }
            bucketed[next[hash]] = id
            next[hash] += 1
        }
        self.bucketStarts = bucketStarts
        self.bucketed = bucketed
        single = encoded.enumerated().compactMap { $1.count == 1 ? ($1[0], $0) : nil }
    }

    /// A set able to hold every id, all absent.
    func emptySet() -> Found { Found(bits: [UInt64](repeating: 0, count: starts.count / 64 + 1)) }

    /// Fills `found` (emptied first) with the keywords `line` contains.
    func find(in line: [UInt8], into found: inout Found) {
        for word in found.bits.indices { found.bits[word] = 0 }
        for (byte, id) in single where line.contains(byte) { found.insert(id) }
        guard line.count >= 2 else { return }
        line.withUnsafeBufferPointer { line in
            for position in 0..<line.count - 1 {
                let bucket = Self.hash(line[position], line[position + 1])
                for slot in bucketStarts[bucket]..<bucketStarts[bucket + 1] {
                    let id = bucketed[slot]
                    if !found.contains(id), matches(id, in: line, at: position) { found.insert(id) }
                }
            }
        }
    }

    private func matches(_ id: Int, in line: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        let keyword = starts[id]..<starts[id + 1]
        guard position + keyword.count <= line.count else { return false }
        var offset = 0
        for index in keyword {
            if bytes[index] != line[position + offset] { return false }
            offset += 1
        }
        return true
    }

    private static func hash(_ first: UInt8, _ second: UInt8) -> Int {
        (Int(first) &* 31 &+ Int(second)) & (bucketCount - 1)
    }
}
