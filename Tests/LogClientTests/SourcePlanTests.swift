import Testing
@testable import LogClient

@Suite struct SourcePlanTests {
    static let id = "3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b"
    typealias Settings = SourcePlan.Settings

    @Test func autoReadsTheBackendThenFlyWhenAFlyTokenIsSet() throws {
        #expect(try SourcePlan.steps(for: Settings(choice: .auto, deploymentID: Self.id, hasFlyToken: false))
                == [.catwalk(deploymentID: Self.id)])
        #expect(try SourcePlan.steps(for: Settings(choice: .auto, deploymentID: Self.id, hasFlyToken: true))
                == [.catwalk(deploymentID: Self.id), .fly(FlySubject(deploymentID: Self.id, machine: nil))])
    }

    @Test func aGivenMachineWinsOverARememberedOne() throws {
        let steps = try SourcePlan.steps(for: Settings(choice: .fly, deploymentID: Self.id, machine: "given",
                                                       rememberedMachine: "remembered", hasFlyToken: true))
        #expect(steps == [.fly(FlySubject(deploymentID: Self.id, machine: "given"))])
        let remembered = try SourcePlan.steps(for: Settings(choice: .fly, deploymentID: Self.id, rememberedMachine: "r",
                                                            hasFlyToken: true))
        #expect(remembered == [.fly(FlySubject(deploymentID: Self.id, machine: "r"))])
    }

    @Test func aMachineAloneIsReadFromFly() throws {
        #expect(try SourcePlan.steps(for: Settings(choice: .auto, deploymentID: nil, machine: "m1", hasFlyToken: true))
                == [.fly(FlySubject(deploymentID: nil, machine: "m1"))])
    }

    @Test func aFileIsReadWhateverElseIsSet() throws {
        #expect(try SourcePlan.steps(for: Settings(choice: .fly, deploymentID: Self.id, hasFlyToken: true, file: "-"))
                == [.file(path: "-")])
    }

    @Test(arguments: [
        (Settings(choice: .fly, deploymentID: id, hasFlyToken: false), LogClientError.fly(.notSignedIn)),
        (Settings(choice: .auto, deploymentID: nil, machine: "m1", hasFlyToken: false), .fly(.notSignedIn)),
        (Settings(choice: .backend, deploymentID: nil, machine: "m1", hasFlyToken: true), .missingSubject),
        (Settings(choice: .auto, deploymentID: nil, hasFlyToken: true), .missingSubject),
    ])
    func impossiblePlansSayWhy(settings: Settings, expected: LogClientError) {
        #expect(throws: expected) { try SourcePlan.steps(for: settings) }
    }

    @Test func identitiesKeyTheCacheWithoutParsingStrings() {
        let catwalk = SourceIdentity.catwalk(baseURL: "https://b.example", deploymentID: Self.id)
        #expect(catwalk.cacheKey == CacheKey(source: "catwalk https://b.example", deploymentID: Self.id))
        let flyDeployment = SourceIdentity.fly(app: "app", subject: FlySubject(deploymentID: Self.id, machine: "m1"))
        #expect(flyDeployment.cacheKey == CacheKey(source: "fly app", deploymentID: Self.id), "a deployment's history, whatever its machine")
        let flyMachine = SourceIdentity.fly(app: "app", subject: FlySubject(deploymentID: nil, machine: "m1"))
        #expect(flyMachine.cacheKey == CacheKey(source: "fly app", deploymentID: "m1"))
        #expect(SourceIdentity.file(path: "-").cacheKey == nil)
    }
}
