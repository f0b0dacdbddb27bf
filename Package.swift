// swift-tools-version:6.0
// sous: a Chef-compatible recipe interpreter and provisioning tool.
// Targets are layers; each uses only the layers listed before it.
import PackageDescription

let package = Package(
    name: "sous",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sous", targets: ["sous"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The GNU extensions of glibc that process spawning needs, and the loader of the C
        // libraries below.
        .target(name: "CSystem"),

        // C shims: libcurl, libssh2 and OpenSSL's libcrypto (Debian's -dev packages for their
        // headers). Not linked: each function sous uses is resolved from its library the
        // first time it is called, so a start loads none of them (and their dozens of
        // dependencies) until it needs one.
        .target(name: "CCurl", dependencies: ["CSystem"]),
        .target(name: "CLibSSH2", dependencies: ["CSystem"]),
        .target(name: "COpenSSL", dependencies: ["CSystem"]),

        // What every layer shares, threads included: JSON documents, Base64, a monotonic
        // clock, a mutex, and the system calls on files and processes. Kept out of the language so that it may count references without
        // atomics (below).
        .target(name: "SousSupport", dependencies: ["CSystem"]),

        // The recipe language: lexer, parser, interpreter and core library of the Ruby
        // subset that recipes use. No I/O of its own: everything goes through a host.
        .target(name: "SousLanguage", dependencies: ["SousSupport"], swiftSettings: [
            // The interpreter's hot loops touch class properties constantly; dynamic
            // exclusivity checks cost about a tenth of its time and catch nothing the tests
            // and debug builds (where they stay on) do not.
            //
            // Its reference counting is not atomic: a run's Ruby world lives on one thread
            // (the recipe thread; a batch's machine threads get plain Swift values, never
            // Ruby objects), and atomic retains and releases were close to half of the time
            // of a method call. So nothing compiled here may run on a second thread with
            // objects a first one holds: what threads share lives in SousSupport.
            .unsafeFlags(["-enforce-exclusivity=unchecked", "-Xfrontend", "-assume-single-threaded"],
                         .when(configuration: .release)),
        ]),

        // Chef's data: the node, its attribute precedence levels, run lists.
        .target(name: "SousChefData", dependencies: ["SousSupport", "SousLanguage"]),

        // Talking to a Chef server: HTTP over libcurl (and, with the server issue, config
        // files, the request signer and the API).
        .target(name: "SousChefServer", dependencies: ["SousSupport", "SousLanguage", "SousChefData", "CCurl", "COpenSSL"]),

        // SSH on libssh2: connections with host-key checking, commands with streamed output,
        // file transfer.
        .target(name: "SousSSH", dependencies: ["SousSupport", "CLibSSH2"]),

        // The run: resources and providers, compile and converge, notifications, guards,
        // why-run, the output formatter, cookbooks, templates.
        .target(name: "SousRun", dependencies: ["SousSupport", "SousLanguage", "SousChefData", "SousChefServer", "COpenSSL", "CSystem"]),

        // Provisioning: `machine` and friends, machine specs stored on the Chef server, the
        // driver protocol and registry, convergence strategies.
        .target(name: "SousProvisioning", dependencies: ["SousSupport", "SousLanguage", "SousChefData", "SousChefServer", "SousRun", "SousSSH"]),

        // Drivers: `ssh` (existing hosts).
        .target(name: "SousDrivers", dependencies: ["SousSupport", "SousChefServer", "SousRun", "SousSSH", "SousProvisioning", "CSystem"]),

        // `sous verify`: rspec as spec files use it (run by the interpreter), infrataster's
        // servers and resources, load and heartbeat tests, and rspec's reports.
        .target(name: "SousVerify", dependencies: ["SousSupport", "SousLanguage", "CSystem"]),

        // The command line: subcommands, and the one place that turns errors into
        // messages and exit codes.
        .target(name: "SousCommandLine", dependencies: [
            "SousSupport", "SousLanguage", "SousChefData", "SousChefServer", "SousRun", "SousSSH", "SousProvisioning", "SousDrivers", "SousVerify", "CCurl", "CLibSSH2", "COpenSSL", "CSystem",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The executable: only calls the command line library.
        .executableTarget(name: "sous", dependencies: ["SousCommandLine"],
                          // The Swift runtime linked in, so a start loads and relocates far fewer
                          // libraries; linked by lld with packed relative relocations, which the loader
                          // applies several times faster.
                          linkerSettings: [.unsafeFlags(["-static-stdlib", "-l_FoundationCollections", "-l_FoundationCShims", "-lswiftSynchronization",
                                                         "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"])]),

        .testTarget(name: "SousSupportTests", dependencies: ["SousSupport"]),
        .testTarget(name: "SousLanguageTests", dependencies: ["SousSupport", "SousLanguage"]),
        .testTarget(name: "SousChefDataTests", dependencies: ["SousSupport", "SousLanguage", "SousChefData"]),
        .testTarget(name: "SousChefServerTests", dependencies: ["SousSupport", "SousLanguage", "SousChefServer"]),
        .testTarget(name: "SousSSHTests", dependencies: ["SousSupport", "SousSSH"]),
        .testTarget(name: "SousRunTests", dependencies: ["SousSupport", "SousLanguage", "SousChefData", "SousRun"]),
        .testTarget(name: "SousProvisioningTests", dependencies: ["SousSupport", "SousProvisioning"]),
        .testTarget(name: "SousDriversTests", dependencies: ["SousSupport", "SousSSH", "SousProvisioning", "SousDrivers"]),
        .testTarget(name: "SousVerifyTests", dependencies: ["SousSupport", "SousLanguage", "SousVerify"]),
        .testTarget(name: "SousCommandLineTests", dependencies: ["SousSupport", "SousCommandLine", "SousChefServer", "SousLanguage", "SousSSH", "SousRun",
                                                               "SousDrivers", "CSystem"]),
    ],
    swiftLanguageModes: [.v6]
)
