/// Which sources to try, in order, decided from plain values (flags, environment, what the
/// cache remembers) with no I/O, so every combination is unit-tested.
public enum SourcePlan {
    /// Where the user asked lines to come from.
    public enum Choice: String, Sendable, CaseIterable {
        /// The backend, then Fly when the backend cannot give lines (unreachable, or no logs
        /// endpoint) and a Fly token is set.
        case auto
        /// The Catwalk backend only.
        case backend
        /// Fly only: the deployment's machine, found by its `DEPLOYMENT_ID`, or `--machine`.
        case fly
    }

    /// The plain values a plan is made of.
    public struct Settings: Sendable, Equatable {
        public var choice: Choice
        public var deploymentID: String?
        /// `--machine`.
        public var machine: String?
        /// The machine the cache remembers for the deployment.
        public var rememberedMachine: String?
        /// Whether a Fly token was found.
        public var hasFlyToken: Bool
        /// `--file`: saved lines instead of any service.
        public var file: String?

        public init(choice: Choice, deploymentID: String?, machine: String? = nil, rememberedMachine: String? = nil,
                    hasFlyToken: Bool, file: String? = nil) {
            self.choice = choice
            self.deploymentID = deploymentID
            self.machine = machine
            self.rememberedMachine = rememberedMachine
            self.hasFlyToken = hasFlyToken
            self.file = file
        }
    }

    /// One source to build.
    public enum Step: Sendable, Equatable {
        case catwalk(deploymentID: String)
        case fly(FlySubject)
        case file(path: String)
    }

    /// The sources to try, first to last.
    /// - Throws: ``LogClientError/fly(_:)`` `notSignedIn` when only Fly could answer and there
    ///   is no Fly token; ``LogClientError/missingSubject`` with neither a deployment nor a machine.
    public static func steps(for settings: Settings) throws(LogClientError) -> [Step] {
        if let file = settings.file { return [.file(path: file)] }
        let fly = FlySubject(deploymentID: settings.deploymentID, machine: settings.machine ?? settings.rememberedMachine)
        switch (settings.choice, settings.deploymentID) {
        case (.fly, _), (.auto, nil):
            guard fly.deploymentID != nil || fly.machine != nil else { throw .missingSubject }
            guard settings.hasFlyToken else { throw .fly(.notSignedIn) }
            return [.fly(fly)]
        case (.backend, nil):
            throw .missingSubject
        case (.backend, let id?):
            return [.catwalk(deploymentID: id)]
        case (.auto, let id?):
            return [.catwalk(deploymentID: id)] + (settings.hasFlyToken ? [.fly(fly)] : [])
        }
    }
}
