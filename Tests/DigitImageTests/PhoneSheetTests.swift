import Glibc
import Testing
@testable import DigitImage

/// A whole phone photo: a sheet turned a little on a desk that fills the rest of the frame,
/// light falling off to the corners, one digit small on the sheet (the photo generator's
/// phone_12mp, session 24: 10 of 100 read wrong). The sheet's straight edge was taken for a
/// shadow's and lifted, so the desk became paper and the edge a stroke ("1", or the digit and
/// the edge read as one); and a digit under 0.5 % of the sheet left the sheet unseen.
@Suite struct PhoneSheetTests {
    /// `w`×`h`: desk grey `desk`, a sheet (paper 200) turned by `degrees` whose left edge is at
    /// `sheetX` and right edge at 0.9 of the width, the corners 35 % darker, and a pen "0" of
    /// `size` px with its corner at (`digitX`, `digitY`).
    static func photo(desk: Int, degrees: Double, size: Int, pen: Float = 14, vignette: Double = 0.35, w: Int = 1600, h: Int = 1200,
                      sheetX: Int = 380, digitX: Int = 1050, digitY: Int = 520, light: ((Int, Int) -> Double)? = nil) -> ByteImage {
        let glyph = StrokeDigits.render(0, style: .continental, size: size, penWidth: Float(size) / pen, seed: 3)
        let a = degrees * .pi / 180, cx = Double(sheetX + Int(Double(w) * 0.9)) / 2, cy = Double(h) / 2
        let halfW = (Double(w) * 0.9 - Double(sheetX)) / 2, halfH = Double(h) * 0.42
        return NoiseRejectionTests.image(w, h, seed: 4) { x, y, r in
            let dx = Double(x) - cx, dy = Double(y) - cy
            let u = dx * cos(a) + dy * sin(a), v = -dx * sin(a) + dy * cos(a)
            var grey = Double(abs(u) < halfW && abs(v) < halfH ? 200 : desk)
            let gx = x - digitX, gy = y - digitY
            if gx >= 0, gy >= 0, gx < size, gy < size {
                let f = Double(255 - Int(glyph.pixels[gy * size + gx])) / 225
                grey = grey * (1 - f) + 35 * f
            }
            let r2 = (pow(Double(x) / Double(w) - 0.5, 2) + pow(Double(y) / Double(h) - 0.5, 2)) / 0.5
            return Int((grey * (1 - vignette * r2) * (light?(x, y) ?? 1)).rounded()) + NoiseRejectionTests.gauss(&r, 3)
        }
    }

    @Test(arguments: [(70, 4.0), (110, -3.0)]) func theSheetsEdgeIsNotAShadowNorAStroke(desk: Int, degrees: Double) {
        let size = 110
        let img = Self.photo(desk: desk, degrees: degrees, size: size)
        #expect(PaperSheet(img) != nil, "desk \(desk): the sheet is seen")
        #expect(ShadowLine.lifted(img) == nil, "desk \(desk): no shadow lifted")
        let s = DigitExtraction.extract(img)
        let boxes = s.digits.map(\.box)
        // One digit, where it was drawn; nothing at the sheet's edge.
        let one = boxes.count == 1 && boxes.allSatisfy { abs($0.x + $0.width / 2 - (1050 + size / 2)) < 30 && abs($0.y + $0.height / 2 - (520 + size / 2)) < 30 }
        #expect(one, "desk \(desk): boxes \(boxes)")
    }

    /// A bold digit's blocks are holes in the sheet's region, so only the ink's fringe is on the
    /// sheet's own pixels: its darkest 0.5 % were the paper's grain, and the sheet went unseen.
    @Test(arguments: [0.0, 0.2]) func aSheetWithOneBoldDigitIsSeen(vignette: Double) {
        let img = Self.photo(desk: 115, degrees: 2, size: 300, pen: 5, vignette: vignette, digitX: 900, digitY: 400)
        #expect(PaperSheet(img) != nil, "vignette \(vignette)")
    }

    /// The phone's shadow across the sheet and the desk alike (a straight edge, the far side 45 %
    /// darker), through the digit or beside it, the digit in the light or in the shadow. Left
    /// alone, the shadowed paper beside the sheet's edge was read as the digit, or the sheet was
    /// not found for the ink in its shadow (photo generator, phone_shadow seed 11: 83 of 100).
    /// Lifted, the picture is a sheet evenly lit on its desk, and the digit is read where it is.
    @Test(arguments: [(30.0, 0.0), (30.0, 90.0), (-60.0, -70.0), (200.0, 40.0)])
    func aShadowAcrossTheSheetIsLifted(degrees: Double, offset: Double) throws {
        let size = 160, digitX = 1000, digitY = 480
        let a = degrees * .pi / 180, cx = Double(digitX + size / 2), cy = Double(digitY + size / 2)
        let img = Self.photo(desk: 90, degrees: 2, size: size, digitX: digitX, digitY: digitY) { x, y in
            (Double(x) - cx) * cos(a) + (Double(y) - cy) * sin(a) < offset ? 0.55 : 1
        }
        let lifted = try #require(ShadowLine.lifted(img), "\(degrees)°, \(offset): a shadow is lifted")
        #expect(PaperSheet(lifted) != nil, "\(degrees)°, \(offset): the sheet is seen once lifted")
        let boxes = DigitExtraction.extract(img).digits.map(\.box)
        let one = boxes.count == 1 && boxes.allSatisfy {
            abs($0.x + $0.width / 2 - Int(cx)) < 30 && abs($0.y + $0.height / 2 - Int(cy)) < 30
        }
        #expect(one, "\(degrees)°, \(offset): boxes \(boxes)")
    }

    /// A shadowed sheet as in `aShadowAcrossTheSheetIsLifted`.
    static func shadowed(degrees: Double, offset: Double) -> ByteImage {
        let a = degrees * .pi / 180, cx = 1080.0, cy = 560.0
        return photo(desk: 90, degrees: 2, size: 160, digitX: 1000, digitY: 480) { x, y in
            (Double(x) - cx) * cos(a) + (Double(y) - cy) * sin(a) < offset ? 0.55 : 1
        }
    }

    /// Lines are judged on the block means a lift would leave before any image is lifted (a
    /// 12-MP lift per candidate line doubled a whole sheet photo's time): those means must be
    /// the lifted image's, but for the blocks the line's ramp crosses.
    @Test func theMeansALiftWouldLeaveAreTheLiftedImages() throws {
        let img = Self.shadowed(degrees: 30, offset: 0)
        let grid = BlockGrid(img)
        // The shadow's own edge: the line whose lift leaves the sheet (the sheet's edges come too).
        let line = try #require(ShadowLine.find(img, grid: grid) {
            $0.isWithinSpan && (PaperSheet($0.lift(img, capped: true))?.borderShare ?? 0) >= ShadowLine.deskAround
        })
        let guessed = line.liftedMeans(grid, img)
        let lifted = BlockGrid(line.lift(img, capped: true)).means
        let f = Float(grid.factor)
        var worst: Float = 0, far = 0
        for by in 0..<grid.rows {
            for bx in 0..<grid.columns {
                let d = line.nx * (Float(bx) + 0.5) * f + line.ny * (Float(by) + 0.5) * f - line.rho
                guard abs(d) > 1.5 * f + line.span else { continue }
                far += 1
                worst = max(worst, abs(guessed[by * grid.columns + bx] - lifted[by * grid.columns + bx]))
            }
        }
        #expect(far > grid.rows * grid.columns / 2)
        #expect(worst <= 2, "worst block off by \(worst) grey levels")
        let guessedShare = try #require(PaperSheet.shape(guessed, grid.columns, grid.rows)).borderShare
        let liftedShare = try #require(PaperSheet.shape(lifted, grid.columns, grid.rows)).borderShare
        #expect(abs(guessedShare - liftedShare) <= 0.02)
    }

    /// The grid and sheet handed on to cleaning are the picture's own, lifted or not: the
    /// original's grid with the lifted image would raise the wrong blocks to the desk's level.
    @Test(arguments: [true, false]) func theLitPictureIsMeasuredOnItsOwnImage(shadow: Bool) throws {
        let img = shadow ? Self.shadowed(degrees: 30, offset: 0) : Self.photo(desk: 90, degrees: 2, size: 160)
        let picture = ShadowLine.lit(img)
        #expect(picture.isLifted == shadow)
        #expect(picture.grid.means == BlockGrid(picture.image).means)
        let sheet = try #require(picture.sheet, "the sheet is seen")
        #expect(sheet.borderShare == PaperSheet(picture.image)?.borderShare)
        #expect(sheet.raised == PaperSheet(picture.image)?.raised)
        // Cleaning with the measures handed on is cleaning with its own.
        let scale = Segment.blockScale(picture.image.width, picture.image.height)
        let (handed, handedBlocks) = Preprocess.clean(picture.image, blockScale: scale, measured: picture)
        let (own, ownBlocks) = Preprocess.clean(picture.image, blockScale: scale)
        #expect(handed.ink.pixels == own.ink.pixels && handed.inverted == own.inverted && handedBlocks == ownBlocks)
    }
}
