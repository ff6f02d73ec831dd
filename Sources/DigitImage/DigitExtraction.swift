/// From a decoded image to the digits the network reads: clean it (polarity, contrast, ink
/// mask), split it into digits, and make each an MNIST-style 28×28 sample. Every stage is kept
/// in the result so the front ends can show what the network saw.
public enum DigitExtraction {
    /// Pictures up to this many pixels are always also read inside a margin (a crop, a scan
    /// of a cell: cheap); larger ones only when the first reading runs into the frame.
    static let alwaysPaddedPixels = 4_000_000

    /// The readings worth comparing, the image as it is first. A digit cropped tight runs into
    /// the frame, and every stage that finds the paper looks there (`FramePadding`): the image
    /// inside a margin of paper is the second reading — for a picture up to 4 MP always, for a
    /// larger one when the first found nothing or a digit touching the frame. Which reads
    /// better is for the network to say (`Recognizer`): neither is right for every picture
    /// (the margin loses a shadow's corner that the frame explained).
    /// `enough`: when the first reading satisfies it, the second is not made (a class image
    /// needs one digit, and the plain reading usually has it).
    /// Each reading comes without its dots (`Dots`): so what `predict` reads and what a
    /// fine-tune learns from are the same pieces (review, session 30: the rule sat in the
    /// recogniser, and a fine-tune's "42" with a full stop took the dot for a digit).
    public static func candidates(_ image: ByteImage, enough: ((Segmentation) -> Bool)? = nil) -> [Segmentation] {
        withAllPieces(image, enough: enough).map(\.withoutDots)
    }

    static func withAllPieces(_ image: ByteImage, enough: ((Segmentation) -> Bool)?) -> [Segmentation] {
        // A straight shadow's edge is lifted once, for both readings (`ShadowLine`).
        let picture = ShadowLine.lit(image)
        let lit = picture.image
        let plain = read(lit, shown: image, measured: picture)
        // Asked of the pieces that will be read (review, session 31: a class image "7." with
        // its dot was not "one digit", and was read twice).
        if let enough, enough(plain.withoutDots) { return [plain] }
        guard image.width >= 8, image.height >= 8 else { return [plain] }
        let w = image.width, h = image.height
        let touches = plain.digits.contains { d in
            d.box.x <= 1 || d.box.y <= 1 || d.box.x + d.box.width >= w - 1 || d.box.y + d.box.height >= h - 1
        }
        guard w * h <= alwaysPaddedPixels || plain.digits.isEmpty || touches else { return [plain] }
        let padded = extractPadded(lit, shown: image)
        // Ink the margin made at the frame, where the picture shows paper, is not the digit's:
        // such a reading is not offered (`MarginInk`).
        return MarginInk.invented(padded, over: plain) ? [plain] : [plain, padded]
    }

    /// The image read inside a margin of paper, the result in the image's own coordinates
    /// (`shown`: the picture as it came, before any shadow was lifted).
    static func extractPadded(_ image: ByteImage, shown: ByteImage) -> Segmentation {
        let m = FramePadding.margin(image.width, image.height)
        let padded = FramePadding.padded(image, margin: m, darkInk: Preprocess.darkInkOnLightPaper(image))
        var seg = read(padded, margin: m, shown: padded)
        // Back to the image's own coordinates: the margin was only there to be read as paper.
        seg.cleaned.original = shown
        seg.cleaned.ink = seg.cleaned.ink.cropped(x: m, y: m, width: image.width, height: image.height)
        for i in seg.digits.indices {
            let b = seg.digits[i].box
            let x0 = min(max(b.x - m, 0), image.width - 1), y0 = min(max(b.y - m, 0), image.height - 1)
            let x1 = min(max(b.x + b.width - m, x0 + 1), image.width), y1 = min(max(b.y + b.height - m, y0 + 1), image.height)
            seg.digits[i].box = Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        }
        return seg
    }

    /// The image as it is, a straight shadow's edge lifted first (`ShadowLine`).
    public static func extract(_ image: ByteImage) -> Segmentation {
        let picture = ShadowLine.lit(image)
        return read(picture.image, shown: image, measured: picture)
    }

    /// `margin`: paper `FramePadding` put around the picture (form lines are measured without
    /// it); `shown`: the picture the result keeps as its original.
    /// `measured`: `image` with its grid and sheet, when already measured.
    static func read(_ image: ByteImage, margin: Int = 0, shown: ByteImage, measured: LitPicture? = nil) -> Segmentation {
        let scale = Segment.blockScale(image.width, image.height)
        var (cleaned, ink) = Preprocess.clean(image, blockScale: scale, measured: measured)
        // A form's cell borders would join the digits to the frame (GridLines).
        let gridLines = GridLines.remove(&cleaned.ink, margin: margin)
        // The lines below leave a stroke lying along them where its ink differs from theirs
        // (`StrokesAlongLines`): measured on the picture itself, dark ink on light paper.
        let shade = cleaned.inverted ? cleaned.original : nil
        // A form's printed boxes, one around each digit, would read as part of it (FormBoxes).
        let formBoxes = FormBoxes.remove(&cleaned.ink, margin: margin, shade: shade)
        // A comb's ticks would stand between the digits as 1s (CombLines).
        let combs = CombLines.remove(&cleaned.ink, margin: margin, shade: shade)
        // A line under or through a number, or a form's boxes, would join its digits (NumberLines).
        let numberLines = NumberLines.remove(&cleaned.ink, margin: margin, shade: shade)
        if gridLines || formBoxes || combs || numberLines { ink = Preprocess.inkBlocks(cleaned.ink, blockScale: scale) }
        if scale == 1 { StrokeGaps.bridge(&ink, width: image.width, height: image.height) }
        var seg = Segment.split(cleaned, ink: ink, margin: margin)
        seg.cleaned.original = shown
        return seg
    }
}
