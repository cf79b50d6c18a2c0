import CCompat
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The release binary carries its own `hypotf` (glibc 2.35 versioned the library's) so it loads on Amazon
/// Linux 2023; these definitions are linked into this test binary too, so their results are checked here.
@Suite("glibc 2.34 compatibility shims")
struct GlibcCompatibilityTests {
    @Test(
        "hypotf matches the exact value rounded to float",
        arguments: [(3, 4), (0, 0), (-5, 12), (1e-30, 1e-30), (3e38, 3e38), (1.5, 1e-8), (.infinity, 1)]
            as [(Float, Float)])
    func hypotFloat(x: Float, y: Float) {
        #expect(bf_compat_marker() == 1)
        let exact = Float((Double(x) * Double(x) + Double(y) * Double(y)).squareRoot())
        #expect(hypotf(x, y) == exact)
    }

    @Test("hypotf handles infinities and NaN as C99 requires")
    func specialValues() {
        #expect(hypotf(.infinity, .nan) == .infinity)
        #expect(hypotf(.nan, 1).isNaN)
        #expect(hypotf(-.infinity, 0) == .infinity)
    }
}
