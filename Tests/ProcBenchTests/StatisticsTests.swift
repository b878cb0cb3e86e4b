import Foundation
import Testing
@testable import ProcBench

/// Equal up to floating-point rounding: for hand-computed values such as
/// 9.1 or sqrt(82.5/9) that no Double holds exactly.
private func close(_ actual: Double, _ expected: Double, within tolerance: Double = 1e-12) -> Bool {
    abs(actual - expected) <= tolerance
}

// The statistics layer on synthetic input whose every figure is worked out
// by hand; nested suites group it by type.
@Suite struct StatisticsTests {
    // Summary: every figure in summary.csv and the console comes from here, so
    // each is checked against a value worked out by hand.
    @Suite struct SummaryFigures {
        static let oneToTen: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

        // The textbook case 1…10, every statistic by hand.
        @Test func oneToTenByHand() throws {
            let s = try #require(Summary(Self.oneToTen))
            #expect(s.count == 10)
            #expect(s.min == 1)
            #expect(s.max == 10)
            // Type 7: position p·(n−1). Median: 0.5·9 = 4.5 → x[4] + 0.5·(x[5] − x[4]) = 5 + 0.5 = 5.5.
            #expect(s.median == 5.5)
            // 55 / 10.
            #expect(s.mean == 5.5)
            // p90: 0.9·9 = 8.1 → x[8] + 0.1·(x[9] − x[8]) = 9 + 0.1 = 9.1.
            #expect(close(s.p90, 9.1))
            // p99: 0.99·9 = 8.91 → 9 + 0.91 = 9.91.
            #expect(close(s.p99, 9.91))
            // Σ(x − 5.5)² = 2·(0.5² + 1.5² + 2.5² + 3.5² + 4.5²) = 2·41.25 = 82.5; n − 1 = 9.
            #expect(close(s.stddev, (82.5 / 9).squareRoot()))
            #expect(close(s.stddev, 3.0276503540974917, within: 1e-12))
            // |x − 5.5| sorted: 0.5 0.5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 4.5 → median (2.5 + 2.5)/2 = 2.5.
            #expect(s.mad == 2.5)
            // n = 10 → lower rank 2: CI [x(2), x(9)] = [2, 9].
            #expect(s.ciLow == 2)
            #expect(s.ciHigh == 9)
            // Largest |modified z| = 0.6745·4.5/2.5 = 1.2141 < 3.5.
            #expect(s.outliers == 0)
        }

        // The summary sorts for itself: input order must not matter.
        @Test func orderDoesNotMatter() throws {
            let sorted = try #require(Summary(Self.oneToTen))
            #expect(Summary([7, 3, 10, 1, 9, 2, 8, 5, 4, 6]) == sorted)
            #expect(Summary(Self.oneToTen.reversed()) == sorted)
            #expect(Summary(Self.oneToTen.shuffled()) == sorted)
        }

        // No samples, no summary (a failed or skipped scenario).
        @Test func emptyHasNoSummary() {
            #expect(Summary([]) == nil)
        }

        // One sample: every location statistic is that value, no spread, no CI.
        @Test func singleValue() throws {
            let s = try #require(Summary([42]))
            #expect(s.count == 1)
            #expect([s.min, s.max, s.median, s.mean, s.p90, s.p99] == [42, 42, 42, 42, 42, 42])
            #expect(s.stddev == 0)
            #expect(s.mad == 0)
            #expect(s.ciLow == nil)
            #expect(s.ciHigh == nil)
            #expect(s.outliers == 0)
            #expect(s.relativeCIHalfWidth == .infinity)
        }

        // Five samples are too few for a 95 % CI of the median (P(B≤0) = 1/32 > 2.5 %).
        @Test func noIntervalBelowSixSamples() throws {
            let five = try #require(Summary([1, 2, 3, 4, 5]))
            #expect(five.ciLow == nil && five.ciHigh == nil)
            #expect(five.relativeCIHalfWidth == .infinity)
            // Six: rank 1, the interval is [min, max].
            let six = try #require(Summary([1, 2, 3, 4, 5, 6]))
            #expect(six.ciLow == 1 && six.ciHigh == 6)
        }
    }

    // The median's confidence interval decides when the adaptive sampler
    // stops, so its ranks are checked against exact binomial sums.
    @Suite struct MedianInterval {
        // n = 5: P(B ≤ 0) = 1/32 = 0.03125 > 0.025, so no rank reaches 95 %.
        @Test func fiveIsTooFew() {
            #expect(MedianConfidence.lowerRank(count: 5) == nil)
            #expect(MedianConfidence.lowerRank(count: 1) == nil)
            #expect(MedianConfidence.lowerRank(count: 0) == nil)
        }

        // n = 6: P(B ≤ 0) = 1/64 = 0.0156 ≤ 0.025; P(B ≤ 1) = 7/64 = 0.109 > 0.025 → rank 1.
        @Test func six() {
            #expect(MedianConfidence.lowerRank(count: 6) == 1)
        }

        // n = 10: P(B ≤ 1) = (1 + 10)/1024 = 0.0107 ≤ 0.025; P(B ≤ 2) = 56/1024 = 0.0547 > 0.025 → rank 2.
        @Test func ten() {
            #expect(MedianConfidence.lowerRank(count: 10) == 2)
        }

        // n = 20, C(20,k) for k = 0…6: 1, 20, 190, 1140, 4845, 15504, 38760.
        // P(B ≤ 5) = 21700/1048576 = 0.0207 ≤ 0.025; P(B ≤ 6) = 60460/1048576 = 0.0577 > 0.025 → rank 6.
        @Test func twenty() {
            #expect(MedianConfidence.lowerRank(count: 20) == 6)
        }

        // Large n: the normal approximation n/2 − 1.96·√n/2 = 5000 − 98 = 4902.
        @Test func largeCountMatchesNormalApproximation() throws {
            let n = 10_000
            let rank = try #require(MedianConfidence.lowerRank(count: n))
            let approximation = Double(n) / 2 - 1.96 * Double(n).squareRoot() / 2
            #expect(abs(Double(rank) - approximation) <= 2)
        }

        // The interval is the pair of order statistics x(j), x(n−j+1).
        @Test func intervalTakesValuesAtTheRanks() throws {
            let ten = try #require(MedianConfidence.interval(sorted: (1...10).map(Double.init)))
            #expect(ten.low == 2 && ten.high == 9)
            // Values ×10 so ranks and values differ: x(6) = 60, x(15) = 150.
            let twenty = try #require(MedianConfidence.interval(sorted: (1...20).map { Double($0) * 10 }))
            #expect(twenty.low == 60 && twenty.high == 150)
            let six = try #require(MedianConfidence.interval(sorted: [3, 5, 7, 11, 13, 17]))
            #expect(six.low == 3 && six.high == 17)
            #expect(MedianConfidence.interval(sorted: [1, 2, 3, 4, 5]) == nil)
        }
    }

    // Outliers are counted in summary.csv; the modified z-score must flag the
    // preemption and nothing else.
    @Suite struct OutlierCount {
        // [10,10,10,11,11,12,12,100]: median (x[3] + x[4])/2 = 11.
        // |x − 11|: 1 1 1 0 0 1 1 89 → sorted 0 0 1 1 1 1 1 89 → MAD (1 + 1)/2 = 1.
        // Modified z: 10, 12 → 0.6745; 100 → 0.6745·89 = 60.03 > 3.5 → one outlier.
        @Test func oneFarValue() throws {
            let values: [Double] = [10, 10, 10, 11, 11, 12, 12, 100]
            let s = try #require(Summary(values))
            #expect(s.median == 11)
            #expect(s.mad == 1)
            #expect(s.outliers == 1)
            #expect(Outliers.count(values, median: 11, mad: 1) == 1)
        }

        // The threshold both ways: with median 11 and MAD 1, a distance of 5 gives
        // 3.3725 (kept), 6 gives 4.047 (flagged), below as above the median.
        @Test func thresholdIsSymmetric() {
            #expect(Outliers.count([16], median: 11, mad: 1) == 0)
            #expect(Outliers.count([17], median: 11, mad: 1) == 1)
            #expect(Outliers.count([6], median: 11, mad: 1) == 0)
            #expect(Outliers.count([5], median: 11, mad: 1) == 1)
            #expect(Outliers.count([5, 6, 11, 16, 17], median: 11, mad: 1) == 2)
        }

        // MAD 0 (more than half the values equal): no score exists, none is flagged.
        @Test func zeroMADFlagsNothing() throws {
            // Median 5; |x − 5| = 0 0 0 0 95 → MAD 0.
            let s = try #require(Summary([5, 5, 5, 5, 100]))
            #expect(s.mad == 0)
            #expect(s.outliers == 0)
            #expect(Outliers.count([5, 5, 5, 5, 100], median: 5, mad: 0) == 0)
        }
    }

    // relativeCIHalfWidth is what the sampler compares against its target.
    @Suite struct RelativeWidth {
        // Without a CI the width is unknown: infinitely wide, never converged.
        @Test func infiniteWithoutInterval() throws {
            #expect(try #require(Summary([1, 2, 3, 4, 5])).relativeCIHalfWidth == .infinity)
            // A median of 0 cannot be a denominator either (CI [0, 0] exists).
            #expect(try #require(Summary([0, 0, 0, 0, 0, 0])).relativeCIHalfWidth == .infinity)
        }

        // 1…10: CI [2, 9], median 5.5 → max(3.5, 3.5)/5.5 = 7/11.
        @Test func symmetricCase() throws {
            let s = try #require(Summary((1...10).map(Double.init)))
            #expect(close(s.relativeCIHalfWidth, 7.0 / 11.0))
        }

        // The larger side counts: [1…8, 20, 30] has CI [x(2), x(9)] = [2, 20] and
        // median 5.5 → max(5.5 − 2, 20 − 5.5)/5.5 = 14.5/5.5 = 29/11.
        @Test func largerHalfWins() throws {
            let s = try #require(Summary([1, 2, 3, 4, 5, 6, 7, 8, 20, 30]))
            #expect(s.ciLow == 2 && s.ciHigh == 20)
            #expect(close(s.relativeCIHalfWidth, 29.0 / 11.0))
        }

        // Six equal values: CI [x, x], width exactly 0.
        @Test func identicalValuesHaveZeroWidth() throws {
            #expect(try #require(Summary([80, 80, 80, 80, 80, 80])).relativeCIHalfWidth == 0)
        }
    }
}
