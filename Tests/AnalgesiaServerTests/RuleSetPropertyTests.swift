import AnalgesiaKnowledge
import Foundation
import Testing

@testable import AnalgesiaServer

/// Properties of the whole rule set over the seeded knowledge, checked for every profile of a
/// generated set (every condition alone and in pairs; no pain map, a local one and widespread pain;
/// every phase and flare; a stable and a rising pain trend): the classes of error issue 10 found
/// cannot come back for any patient.
@Suite("Rule set properties")
struct RuleSetPropertyTests {
    /// Phrases that claim analgesia fails wherever the body works, or that prefer aerobic work
    /// wholesale: never right when the only dysfunction is in the painful region.
    static let anySitePhrases = [
        "is not expected to bring the short-lived pain relief", "Do not count on exercise", "endogenous analgesia during exercise is dysfunctional",
        "Prefer aerobic",
        "Aerobic exercise stays preferred",
    ]
    static let anySiteGuidelines: Set<String> = [
        "tailor-to-prevent-flares", "prefer-aerobic-over-eccentric-isometric", "aerobic-and-motor-control", "careful-with-eccentric",
    ]

    static func profiles(_ knowledge: KnowledgeBase) -> [PatientProfile] {
        let slugs = knowledge.conditions.map(\.slug)
        var sets = slugs.map { [$0] }
        for (index, first) in slugs.enumerated() {
            for second in slugs[(index + 1)...] { sets.append([first, second]) }
        }
        let maps: [[BodyRegion]] = [[], [.shoulder, .lowBack], [.widespread]]
        var profiles: [PatientProfile] = []
        for conditions in sets {
            for regions in maps {
                for phase in TherapyPhase.allCases {
                    for flare in FlareSeverity.allCases {
                        for trend in [PainTrend.stable, .increasing] {
                            profiles.append(
                                PatientProfile(conditionSlugs: conditions, painfulRegions: regions, phase: phase, flare: flare, painTrend: trend)
                            )
                        }
                    }
                }
            }
        }
        return profiles
    }

    @Test("no global dysfunction claim, and no blanket preference for aerobic work, when dysfunction is only site-specific")
    func siteSpecificStaysSiteSpecific() async throws {
        let engine = try await seededKnowledge().1.engine
        var checked = 0
        for profile in Self.profiles(engine.knowledge) {
            let advice = engine.advise(profile)
            guard advice.dysfunctionScope != .anySite else { continue }
            checked += 1
            for recommendation in advice.recommendations {
                #expect(!Self.anySiteGuidelines.contains(recommendation.guideline), "\(profile): \(recommendation.guideline)")
                for phrase in Self.anySitePhrases {
                    #expect(!recommendation.text.contains(phrase), "\(profile): \(recommendation.text)")
                }
            }
        }
        #expect(checked > 500, "the generated set covers site-specific and normal profiles")
    }

    @Test("every grading decision but progress rests on a Table 1 item named in its reason")
    func gradingCitesTable1() async throws {
        let engine = try await seededKnowledge().1.engine
        for profile in Self.profiles(engine.knowledge) {
            let grading = engine.advise(profile).grading
            if profile.flare == .major || profile.painTrend == .increasing {
                #expect(grading.decision != .progress, "\(profile)")
            }
            guard grading.decision != .progress else { continue }
            #expect(grading.locator.section == .table1, "\(profile): \(grading.rule)")
            #expect(grading.basis == .clinicalReasoning)
            #expect(grading.reason.contains(grading.locator.label), "\(grading.reason)")
            #expect([ReviewLocator.table1(12), .table1(6), .table1(11)].contains(grading.locator))
        }
    }

    @Test("every expected response shows its basis, per condition and in its rationale, and says it is about one bout")
    func expectedResponsesShowBasis() async throws {
        let engine = try await seededKnowledge().1.engine
        for profile in Self.profiles(engine.knowledge) where profile.phase == .initiation && profile.flare == .none {
            for expected in engine.advise(profile).expectedResponses {
                #expect(expected.conditions.count == profile.conditionSlugs.count)
                #expect(expected.rationale.hasSuffix(KnowledgeBase.acuteOnlyNote))
                for condition in expected.conditions where condition.response == expected.response && expected.response != .unknown {
                    #expect(expected.rationale.contains(condition.basis.label), "\(expected.rationale)")
                    if let qualifier = condition.qualifier { #expect(expected.rationale.contains(qualifier)) }
                }
                #expect(expected.conditions.allSatisfy { ($0.basis == .notStudied) == ($0.response == .unknown) })
            }
        }
    }

    @Test("every recommendation names its passage; it is marked as extended exactly when Table 1 meets no known dysfunction")
    func recommendationsLocatedAndScoped() async throws {
        let engine = try await seededKnowledge().1.engine
        let rules = Dictionary(uniqueKeysWithValues: RuleSet.current.rules.map { ($0.id, $0) })
        for profile in Self.profiles(engine.knowledge) where profile.painTrend == .stable {
            let advice = engine.advise(profile)
            for recommendation in advice.recommendations {
                let rule = try #require(rules[recommendation.rule])
                #expect(recommendation.locator == rule.locator && recommendation.basis == rule.basis)
                let extended = rule.scope == .dysfunctionalEA && advice.dysfunctionScope == .none
                #expect(recommendation.extendedBeyondReview == extended, "\(profile): \(rule.id)")
                #expect((recommendation.note != nil) == extended)
            }
        }
    }

    @Test("every served claim of the seeded knowledge carries a locator into the review and a basis")
    func everyClaimLocated() async throws {
        let knowledge = try await seededKnowledge().1.knowledge
        for mechanism in knowledge.mechanisms {
            #expect(mechanism.locator != nil && mechanism.basis != nil, "\(mechanism.slug)")
        }
        for finding in knowledge.findings {
            #expect(finding.locator != nil && finding.basis != nil, "\(finding.id)")
        }
        for guideline in knowledge.guidelines {
            #expect(guideline.locator != nil, "\(guideline.slug)")
            if let position = guideline.tablePosition { #expect(guideline.locator == .table1(position), "\(guideline.slug)") }
        }
        for condition in knowledge.conditions {
            for statement in condition.eaStatements {
                #expect(statement.locator != nil, "\(condition.slug) \(statement.exerciseType) \(statement.site)")
            }
            for code in condition.codes where code.scope != .exact {
                #expect(code.caveat?.isEmpty == false, "\(condition.slug) \(code.code)")
            }
        }
        for rule in RuleSet.current.rules {
            #expect(ReviewLocator(rule.locator.description) == rule.locator, "\(rule.id)")
            if rule.kind == .grading, rule.decision != .progress {
                #expect(rule.locator.section == .table1, "\(rule.id): a hold or modify comes from Table 1")
            }
        }
    }
}
