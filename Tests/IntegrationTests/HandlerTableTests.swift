import BackfillCore
import BackfillTesting
import HandlerRegistry
import LambdaRuntime
import Testing

/// The handler table is the single source of truth: the README's handler table, the docs pages and the
/// documented variables must agree with it.
@Suite("handler table, README and docs agree")
struct HandlerTableTests {
    static let root = String(#filePath.dropLast("Tests/IntegrationTests/HandlerTableTests.swift".count))

    @Test("names are unique and each has a summary and a docs page that exists")
    func entries() {
        let names = HandlerRegistry.names
        #expect(Set(names).count == names.count)
        for family in HandlerRegistry.families {
            #expect(!family.summary.isEmpty, "\(family.name)")
            #expect(!ChildProcess.readFile(Self.root + family.docsPage).isEmpty, "\(family.docsPage) is missing")
        }
    }

    @Test("every registered handler has a README row linking its docs page; every 'available' row is registered")
    func readme() {
        let readme = ChildProcess.readFile(Self.root + "README.md")
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `") }
        for family in HandlerRegistry.families {
            let row = rows.first { $0.contains("`\(family.name)`") }
            #expect(row != nil, "README has no handler row for \(family.name)")
            #expect(
                row?.contains(family.docsPage) == true, "README row of \(family.name) does not link \(family.docsPage)")
        }
        for row in rows where row.contains("| available |") {
            let named = row.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            for name in named where !name.contains(" ") && !name.hasPrefix("backfill") {
                #expect(
                    HandlerRegistry.names.contains(name), "README lists \(name) as available but it is not registered")
            }
        }
    }

    @Test("every variable a handler reads is documented on its page")
    func variablesDocumented() {
        for family in HandlerRegistry.families {
            let page = ChildProcess.readFile(Self.root + family.docsPage)
            for variable in family.variables {
                #expect(page.contains(variable.name), "\(family.docsPage) does not document \(variable.name)")
            }
        }
    }

    @Test("an unknown or missing handler name is an init error listing every valid name")
    func unknown() async throws {
        let error = HandlerRegistry.unknownHandler("nope")
        #expect(error.errorType == "Runtime.UnknownHandler")
        for name in HandlerRegistry.names { #expect(error.message.contains(name)) }
        #expect(HandlerRegistry.unknownHandler(nil).message.hasPrefix("_HANDLER is not set"))
    }
}
