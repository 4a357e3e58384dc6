import FoundationEssentials
import LogServer
import Testing

/// The Alembic revision in docs/ is the very DDL `catwalk-logd migrate` runs.
@Suite struct SchemaDocumentTests {
    static let revision = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/alembic/c4d7a1e2b9f0_add_deployment_logs.py")

    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func theAlembicRevisionRunsEveryStatementOfTheSchema() throws {
        let revision = try String(contentsOf: Self.revision, encoding: .utf8)
        #expect(revision.contains("down_revision = \"42a866551ae2\""))
        let upgrade = Self.squeezed(String(revision.split(separator: "def downgrade").first ?? ""))
            .replacingOccurrences(of: "'\"", with: "\"").replacingOccurrences(of: "\"'", with: "\"")
        for statement in Schema.statements {
            #expect(upgrade.contains(Self.squeezed(statement)), "docs/alembic lacks: \(statement)")
        }
    }
}
