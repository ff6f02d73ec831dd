import Foundation
import Testing
import TestSupport

/// MNIST test digits drawn as photos of pen on paper under one condition each (Tests/Photos/
/// make_photos.py, seeded), read by `digitrec predict` against the labels in their names.
/// The floors are regression guards a little under what this version reads (issue #15's
/// targets are higher: ≥ 98 % per condition); the table is printed for the record.
@Suite struct PhotoConditionsTests {
    static let python = Env.root + "/.build/test-venv/bin/python"
    static let tools = Requirement("numpy and Pillow in .build/test-venv (make test-venv)", at: python) { python in
        Requirement.isExecutable(python)
            && (try? ChildProcess.run([python, "-c", "import numpy, PIL"], timeout: 120))?.status == 0
    }

    /// Condition → the least fraction read right (a file with no digit found counts as wrong).
    /// Measured at 100 per condition, seed 2026 (5 December, evening): clean 99, dim 100, low
    /// contrast 100, blur 100, uneven light 100, shadow 99, JPEG 99, rotated 100, form grid 100,
    /// everything 93, two lines 97 (exact, both lines), faint rings 95, ruled paper 100, very
    /// dark 99. At 40 per condition, seed 7 (this test): 40, 40, 39, 40, 40, 40, 40, 38, 40, 39,
    /// 38, 38, 39, 40; the floors leave about two to four images of room (a retrained model
    /// moves single images). Whole 12-megapixel phone photos (session 24): 34/40 here and 90/100
    /// on seed 12 while a sheet's edge on the desk was lifted as a shadow's; since, 40/40 and 99/100.
    /// The same with the phone's shadow across sheet and desk (session 38): 83/100 on seed 11
    /// while no shadow was lifted where a sheet lay; since, 98/100.
    static let floors: [String: Double] = [
        "clean": 0.92, "dim": 0.92, "low_contrast": 0.92, "blur": 0.92, "uneven_light": 0.92,
        "shadow": 0.92, "jpeg_q30": 0.92, "rotated_perspective": 0.90, "form_grid": 0.92, "everything": 0.85,
        "two_lines": 0.90, "faint_rings": 0.80, "ruled_paper": 0.92, "very_dark": 0.92,
        "phone_12mp": 0.90, "phone_shadow": 0.85,
    ]

    @Test(.requires(.mnist, .shippedModel, tools))
    func photoLikeDigitsPerCondition() throws {
        let data = try Requirement.mnist.path(), python = try Self.tools.path()
        let dir = try TempDir()
        defer { dir.remove() }
        let per = 40
        let made = try ChildProcess.run([python, Env.root + "/Tests/Photos/make_photos.py", data, dir.path,
                                         "--per-condition", String(per), "--seed", "7"], timeout: 600)
        try #require(made.status == 0, "\(made.stderr)")
        var table: [String] = []
        for (condition, floor) in Self.floors.sorted(by: { $0.key < $1.key }) {
            let r = try CLI.run(["predict", dir.file(condition)])
            let summary = try #require(r.stdout.split(separator: "\n").last { $0.contains("match the expected label") },
                                       "\(condition): \(r.stdout.suffix(300)) \(r.stderr.suffix(300))")
            let right = try #require(Int(summary.split(separator: "/").first ?? ""), "\(summary)")
            let fraction = Double(right) / Double(per)
            table.append("\(condition) \(right)/\(per)")
            #expect(fraction >= floor, "\(condition): \(right)/\(per) read right, the floor is \(floor)")
        }
        print("photo-like digits (seed 7): " + table.joined(separator: ", "))
        // The same photos cropped to their ink, 0-6 px of margin (Tests/Photos/crop_tight.py), as
        // people crop a photo to the digit: clean, dim and JPEG together. Before pictures were
        // also read inside a margin of paper: 596 of 900 on the dev set (seed 11); since: 798.
        let tight = dir.file("tight")
        let cropped = try ChildProcess.run([python, Env.root + "/Tests/Photos/crop_tight.py", dir.path, tight, "3"], timeout: 300)
        try #require(cropped.status == 0, "\(cropped.stderr)")
        var tightRight = 0, tightTotal = 0
        for condition in ["clean", "dim", "jpeg_q30"] {
            let r = try CLI.run(["predict", tight + "/" + condition])
            let summary = try #require(r.stdout.split(separator: "\n").last { $0.contains("match the expected label") }, "\(r.stderr.suffix(300))")
            let parts = summary.split(separator: " ").first?.split(separator: "/") ?? []
            tightRight += try #require(parts.first.flatMap { Int($0) })
            tightTotal += try #require(parts.last.flatMap { Int($0) })
        }
        print("photo-like digits cropped tight (clean, dim, JPEG): \(tightRight)/\(tightTotal)")
        #expect(tightTotal * 10 >= 3 * per * 9 && tightRight * 10 >= tightTotal * 8, "\(tightRight)/\(tightTotal) cropped tight read right, the floor is 80 %")
        // Every two-line image is reported with its two lines in JSON (nearly every: a misread
        // may join or split a line).
        let json = try CLI.run(["predict", "--json", dir.file("two_lines")])
        let objects = try json.stdout.split(separator: "\n").map(CLI.json)
        let twoLines = objects.filter { ($0["lines"] as? [String])?.count == 2 }.count
        #expect(objects.count == per && twoLines * 10 >= per * 9, "\(twoLines) of \(objects.count) with two lines")
    }
}
