import AnalgesiaKnowledge
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import AnalgesiaServer

/// The review says no more than it says: each test states a place where the service once claimed
/// more than the review (issue 10) and what the review does say, through the engine over the
/// seeded knowledge or through HTTP.
@Suite("Knowledge fidelity to the review")
struct KnowledgeFidelityTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    static func advise(_ profile: PatientProfile) async throws -> Advice {
        try await seededKnowledge().1.engine.advise(profile)
    }

    // MARK: 1. Site-specific dysfunction stays site-specific

    @Test("shoulder myalgia: advice is about the painful region only, never the text for dysfunction wherever the body works")
    func shoulderMyalgiaIsSiteSpecific() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["shoulder-myalgia"], painfulRegions: [.shoulder]))
        #expect(advice.dysfunctionScope == .painfulRegion)
        let guidelines = Set(advice.recommendations.map(\.guideline))
        #expect(!guidelines.contains("tailor-to-prevent-flares"), "R04's text is for dysfunction wherever the body works")
        #expect(!guidelines.contains("prefer-aerobic-over-eccentric-isometric"), "working a non-painful muscle isometrically brings analgesia")
        #expect(!guidelines.contains("aerobic-and-motor-control") && !guidelines.contains("careful-with-eccentric"))
        for recommendation in advice.recommendations {
            #expect(!recommendation.text.contains("endogenous analgesia during exercise is dysfunctional"), "\(recommendation.text)")
            #expect(!recommendation.text.contains("Prefer aerobic"), "\(recommendation.text)")
        }
        let site = try #require(advice.recommendations.first { $0.guideline == "exercise-non-painful-muscles-in-local-myalgia" })
        #expect(site.text.contains("one study"), "one acute study, not a general rule")
        #expect(site.text.contains("non-painful"))
        #expect(site.text.contains("not whether training the painful muscles helps over time"))
        #expect(!site.text.contains("do not expect"))
        #expect(site.locator == ReviewLocator(.practice, 5))
    }

    @Test("the order-select card's note for shoulder myalgia carries no global dysfunction text")
    func orderNoteIsSiteSpecific() async throws {
        let served = try await seededKnowledge().1
        let advice = served.engine.advise(PatientProfile(conditionSlugs: ["shoulder-myalgia"], phase: .initiation))
        let note = CDSCardBuilder.orderNote(advice, conditions: [])
        #expect(!note.contains("dysfunctional. Tailor"))
        #expect(!note.contains("Do not count on exercise to relieve pain"))
        #expect(!note.contains("Prefer aerobic"))
        #expect(!note.contains("short-lived pain relief"))
        #expect(note.contains("non-painful"))
    }

    // MARK: 2. Grading comes from Table 1

    @Test("a minor flare does not hold or modify grading, and dysfunction does not hold it during initiation")
    func gradingOnlyFromTable1() async throws {
        let minor = try await Self.advise(
            PatientProfile(conditionSlugs: ["chronic-low-back-pain"], phase: .grading, flare: .minor, painTrend: .stable)
        )
        #expect(minor.grading.decision == .progress)
        let initiation = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .initiation))
        #expect(initiation.grading.decision == .progress)
        let major = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], flare: .major))
        #expect(major.grading.decision == .hold)
        #expect(major.grading.locator == .table1(12))
        let rising = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], painTrend: .increasing))
        #expect(rising.grading.decision == .modify)
        #expect(rising.grading.locator == .table1(6))
        #expect(rising.grading.reason.contains("Table 1, item 6"))
    }

    // MARK: 3. Every expected response shows what it rests on

    @Test("fibromyalgia aerobic: a statement of the review without a study, in some patients, in JSON and on the card")
    func fibromyalgiaAerobicBasis() async throws {
        try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
            let response = try await client.call(
                .post,
                "/v1/recommendations",
                headers: Self.json,
                body: #"{"conditions":["fibromyalgia"],"painfulRegions":["widespread"]}"#
            )
            #expect(response.status == .ok, "\(response.text)")
            let expected = try #require(response["expectedResponses"] as? [[String: Any]])
            let aerobic = try #require(expected.first { $0["exerciseType"] as? String == "aerobic" && $0["site"] as? String == "any" })
            #expect(aerobic["basis"] as? String == "review-statement")
            let condition = try #require((aerobic["conditions"] as? [[String: Any]])?.first)
            #expect(condition["basis"] as? String == "review-statement")
            #expect(condition["qualifier"] as? String == "more pain (facilitation) in some patients")
            #expect(aerobic["response"] as? String == "no-change", "the review says dysfunctional, with more pain only in some patients")
            #expect((condition["locator"] as? [String: Any])?["id"] as? String == "conclusion/p1")
            #expect(
                (aerobic["rationale"] as? String)?.contains("a statement of the review without a described study; more pain (facilitation) in some patients")
                    == true
            )
            for cell in expected {
                #expect(cell["basis"] is String, "\(cell)")
                #expect((cell["rationale"] as? String)?.contains("one bout of exercise") == true)
            }

            let card = try await client.call(
                .post,
                "/cds-services/exercise-analgesia-patient-view",
                headers: Self.json,
                body: PatientViewFixture.request(codes: [("http://hl7.org/fhir/sid/icd-10-cm", "M79.7")])
            )
            let detail = try #require(((card["cards"] as? [[String: Any]])?.first)?["detail"] as? String)
            #expect(
                detail.contains(
                    "Aerobic: no analgesia — Fibromyalgia: a statement of the review without a described study, more pain (facilitation) in some patients"
                )
            )
            #expect(!detail.contains("refs 21") && !detail.contains("54"), "no other condition's studies on a fibromyalgia card")
            #expect(detail.contains("Isometric: more pain sensitivity — Fibromyalgia: studies the review describes (refs"))
        }
    }

    // MARK: 4. Mechanism verdicts

    @Test("mechanisms the body of the review calls unproven are hypothesized, each with its locator and basis")
    func mechanismVerdicts() async throws {
        let knowledge = try await seededKnowledge().1.knowledge
        for slug in ["endogenous-opioids", "periaqueductal-grey-descending-inhibition", "central-sensitization"] {
            #expect(knowledge.mechanism(slug)?.verdict == .hypothesized, "\(slug)")
        }
        #expect(knowledge.mechanisms.allSatisfy { $0.locator != nil && $0.basis != nil })
        #expect(!knowledge.mechanisms.contains { $0.verdict == .supported }, "the review proves no mechanism directly")
    }

    // MARK: 5. Trial support only where the review cites it

    @Test("exercise therapy is called effective only with the patient's own references; none is invented for myalgia or neck pain")
    func therapyEvidence() async throws {
        let fibromyalgia = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"]))
        let keep = try #require(fibromyalgia.recommendations.first { $0.rule == "R03-keep-exercising" })
        #expect(keep.references == [13, 14])
        #expect(!keep.text.contains("trials"))

        let myalgia = try await Self.advise(PatientProfile(conditionSlugs: ["shoulder-myalgia"]))
        #expect(!myalgia.recommendations.contains { $0.rule == "R03-keep-exercising" })
        let none = try #require(myalgia.recommendations.first { $0.rule == "R03c-exercise-therapy-not-reported" })
        #expect(none.action == .consider)
        #expect(none.references.isEmpty)

        let neck = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-neck-pain"]))
        let named = try #require(neck.recommendations.first { $0.rule == "R03b-exercise-therapy-named-without-reference" })
        #expect(named.text.contains("cites no study"))
        #expect(named.references.isEmpty)
        #expect(named.locator == ReviewLocator(.abstract, 1))
    }

    // MARK: 6. Codes the review did not study

    @Test("acute and out-of-population codes are refused with 422 naming the code; broader codes carry their caveat")
    func codeScopes() async throws {
        try await withApp { client in
            for (token, why) in [
                ("http://hl7.org/fhir/sid/icd-10-cm|S13.4XXA", "initial-encounter"),
                ("http://hl7.org/fhir/sid/icd-10-cm|M06.1", "Still"),
                ("http://hl7.org/fhir/sid/icd-10|M06.1", "Still"),
                ("http://hl7.org/fhir/sid/icd-10-cm|M06.4", "inflammatory polyarthropathy"),
            ] {
                let response = try await client.call(.post, "/v1/recommendations", headers: Self.json, body: #"{"conditions":["\#(token)"]}"#)
                expectProblem(response, .unprocessableContent, mentioning: why)
                let params = response["invalidParams"] as? [[String: Any]]
                #expect(params?.first?["name"] as? String == "conditions[0]", "\(token)")
            }
            for (token, slug, confirm) in [
                ("http://snomed.info/sct|279039007", "chronic-low-back-pain", "more than 3 months"),
                ("http://hl7.org/fhir/sid/icd-10-cm|M54.50", "chronic-low-back-pain", "more than 3 months"),
                ("http://snomed.info/sct|396275006", "osteoarthritis", "knee and the hip"),
                ("http://snomed.info/sct|68962001", "shoulder-myalgia", "localised"),
                ("http://hl7.org/fhir/sid/icd-10-cm|M79.1", "shoulder-myalgia", "localised"),
                ("http://snomed.info/sct|39848009", "chronic-whiplash-associated-disorders", "more than 3 months"),
                ("http://hl7.org/fhir/sid/icd-10-cm|S13.4XXS", "chronic-whiplash-associated-disorders", "more than 3 months"),
                ("http://hl7.org/fhir/sid/icd-10-cm|R53.82", "chronic-fatigue-syndrome", "October 2022"),
            ] {
                let response = try await client.call(.post, "/v1/recommendations", headers: Self.json, body: #"{"conditions":["\#(token)"]}"#)
                #expect(response.status == .ok, "\(token): \(response.text)")
                let condition = (response["conditions"] as? [[String: Any]])?.first
                #expect(condition?["slug"] as? String == slug, "\(token)")
                #expect(condition?["scope"] as? String == "broader", "\(token)")
                #expect((condition?["caveat"] as? String)?.contains(confirm) == true, "\(token): \(condition?["caveat"] ?? "")")
            }
            let exact = try await client.call(
                .post,
                "/v1/recommendations",
                headers: Self.json,
                body: #"{"conditions":["http://snomed.info/sct|278860009","http://hl7.org/fhir/sid/icd-10-cm|M06.9"]}"#
            )
            let conditions = try #require(exact["conditions"] as? [[String: Any]])
            #expect(conditions.allSatisfy { $0["scope"] as? String == "exact" && $0["caveat"] == nil })
        }
    }

    @Test("a CDS card for a broader code says what to confirm; an acute code gives no card")
    func cardCaveats() async throws {
        try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
            let broad = try await client.call(
                .post,
                "/cds-services/exercise-analgesia-patient-view",
                headers: Self.json,
                body: PatientViewFixture.request(codes: [("http://snomed.info/sct", "279039007")])
            )
            let detail = try #require(((broad["cards"] as? [[String: Any]])?.first)?["detail"] as? String)
            #expect(detail.contains("Confirm before use"))
            #expect(detail.contains("more than 3 months"))
            let acute = try await client.call(
                .post,
                "/cds-services/exercise-analgesia-patient-view",
                headers: Self.json,
                body: PatientViewFixture.request(codes: [("http://hl7.org/fhir/sid/icd-10-cm", "S13.4XXA")])
            )
            #expect((acute["cards"] as? [Any])?.isEmpty == true, "\(acute.text)")
        }
    }

    // MARK: 7. Table 1 beyond dysfunctional analgesia says so

    @Test("Table 1 rules fired for conditions with normal EA say they are extended beyond the review")
    func table1Extension() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-low-back-pain"], flare: .major, painTrend: .increasing))
        #expect(advice.grading.decision == .hold)
        #expect(advice.grading.extendedBeyondReview)
        #expect(advice.grading.note?.contains("beyond the review") == true)
        let table1 = advice.recommendations.filter { $0.locator.section == .table1 }
        #expect(!table1.isEmpty)
        #expect(table1.allSatisfy { $0.extendedBeyondReview && $0.note?.contains("Chronic low back pain") == true })
        let general = advice.recommendations.filter { $0.rule.hasPrefix("R03") || $0.rule.hasPrefix("R19") }
        #expect(general.allSatisfy { !$0.extendedBeyondReview }, "rules for chronic pain in general need no such note")

        let fibromyalgia = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], flare: .major))
        #expect(!fibromyalgia.grading.extendedBeyondReview)
        #expect(!fibromyalgia.recommendations.contains { $0.extendedBeyondReview })
    }

    // MARK: 8. Smaller points

    @Test("hedges and references as the review gives them")
    func smallerPoints() async throws {
        let served = try await seededKnowledge().1
        let knowledge = served.knowledge
        #expect(knowledge.guideline("exercise-fun-not-burden")?.rationale.contains("might explain") == true)
        #expect(knowledge.guideline("careful-with-eccentric")?.advice.contains("if at all") == false)
        #expect(knowledge.guideline("research-snri-with-graded-exercise")?.conditionSlugs.contains("osteoarthritis") == true)
        #expect(knowledge.guideline("research-opioids-with-early-graded-exercise")?.title.contains("nociceptive pain") == true)
        #expect(RuleSet.current.rules.first { $0.id == "H02-serotonergic-noradrenergic" }?.source.contains("59") == false)
        #expect(RuleSet.current.rules.first { $0.id == "H01-opioids" }?.title.contains("nociceptive pain") == true)

        let fibromyalgia = served.engine.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], medications: [.snri]))
        #expect(fibromyalgia.researchHypotheses.first?.references == [72, 73])
        let motor = try #require(fibromyalgia.recommendations.first { $0.guideline == "aerobic-and-motor-control" })
        #expect(!motor.text.lowercased().contains("low-intensity") && !motor.text.lowercased().contains("low intensity"))
        let eccentric = try #require(fibromyalgia.recommendations.first { $0.guideline == "careful-with-eccentric" })
        #expect(!eccentric.text.contains("if at all") && !eccentric.text.contains("late"))

        #expect(knowledge.citation(refNumber: 47)?.missingParts == ["pages"])
        #expect(knowledge.citation(refNumber: 39)?.missingParts == ["volume"])
        #expect(knowledge.citation(refNumber: 23)?.missingParts == ["volume", "pages"])
        #expect(knowledge.citation(refNumber: 21)?.missingParts == [])

        for slug in ["osteoarthritis", "rheumatoid-arthritis"] {
            let painful = try #require(knowledge.eaCell(of: slug, exerciseType: .isometric, site: .painfulRegion))
            #expect(painful.basis == .inferred, "\(slug)")
            #expect(painful.rationale.hasPrefix("Inferred, not stated by the review"), "\(slug)")
        }
        for condition in knowledge.conditions {
            for cell in knowledge.eaProfile(of: condition.slug) {
                #expect(cell.rationale.hasSuffix(KnowledgeBase.acuteOnlyNote), "\(condition.slug) \(cell.exerciseType) \(cell.site)")
            }
        }
    }

    // MARK: 9. Cards that reconcile the acute response with the advice

    @Test("fibromyalgia: aerobic work stays preferred, dosed conservatively, although a bout brings no acute analgesia")
    func aerobicReconciled() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], painfulRegions: [.widespread]))
        #expect(advice.expectedResponses.first { $0.exerciseType == .aerobic && $0.site == .any }?.response == .noChange)
        let aerobic = try #require(advice.recommendations.first { $0.guideline == "prefer-aerobic-over-eccentric-isometric" })
        #expect(aerobic.rule == "R07b-prefer-aerobic-despite-aerobic-dysfunction")
        #expect(aerobic.text.contains("reported not to bring acute analgesia"))
        #expect(
            aerobic.text.contains("for Fibromyalgia (aerobic) a statement of the review without a described study"),
            "the hedge travels with the claim"
        )
        #expect(aerobic.text.contains("conservatively") && aerobic.text.contains("low baseline") && aerobic.text.contains("recovery breaks"))
        #expect(!advice.recommendations.contains { $0.rule == "R07-prefer-aerobic" })
    }

    // MARK: The independent clinical read (issue 10's second read)

    @Test("cards state no grading decision (they know no flare or trend) and lead with the condition that drives the warning")
    func cardsDoNotGuessGrading() async throws {
        try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
            let response = try await client.call(
                .post,
                "/cds-services/exercise-analgesia-patient-view",
                headers: Self.json,
                body: PatientViewFixture.request(codes: [
                    ("http://snomed.info/sct", "278860009"), ("http://hl7.org/fhir/sid/icd-10-cm", "M79.7"),
                ])
            )
            let card = try #require((response["cards"] as? [[String: Any]])?.first)
            let detail = card["detail"] as? String ?? ""
            #expect(detail.contains("not decided on this card"))
            #expect(!detail.contains("**Grading:** progress"))
            #expect((card["summary"] as? String)?.hasPrefix("Fibromyalgia") == true, "\(card["summary"] ?? "")")
            // Safety items come first on a card that shows only some recommendations.
            let first = detail.components(separatedBy: "**Advice**").last?.split(separator: "\n").first { $0.hasPrefix("1.") }
            #expect(first?.contains("Be conservative when setting the baseline") == true, "\(first ?? "")")
        }
    }

    @Test("grading with a minor flare: modify once established, inferred while progressing, quiet when pain rises")
    func minorFlareGrading() async throws {
        let established = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .established, flare: .minor))
        #expect(established.grading.decision == .modify)
        #expect(established.grading.locator == .table1(11))
        let early = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .initiation, flare: .minor))
        #expect(early.grading.decision == .progress)
        #expect(early.grading.basis == .inferred)
        #expect(early.grading.note?.contains("inferred") == true)
        #expect(early.grading.reason.contains("conservative baseline"))
        let rising = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .grading, flare: .minor, painTrend: .increasing))
        #expect(rising.grading.decision == .modify)
        #expect(!rising.recommendations.contains { $0.rule.hasPrefix("R15") }, "no 'does not stop grading' next to a modify")
        let majorEstablished = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .established, flare: .major))
        #expect(majorEstablished.recommendations.contains { $0.rule == "R14-monitor-flares" }, "item 10 says especially, not only")
    }

    @Test("shoulder myalgia with fibromyalgia: no promise of analgesia from non-painful muscles")
    func siteContrastYieldsToFibromyalgia() async throws {
        let advice = try await Self.advise(
            PatientProfile(conditionSlugs: ["shoulder-myalgia", "fibromyalgia"], painfulRegions: [.shoulder])
        )
        #expect(advice.expectedResponses.first { $0.exerciseType == .isometric && $0.site == .nonPainfulRegion }?.response == .hyperalgesia)
        #expect(!advice.recommendations.contains { $0.rule == "R06-exercise-non-painful-muscles" })
    }

    @Test("fibromyalgia advice cites no study of another condition")
    func fibromyalgiaCitesItsOwnEvidence() async throws {
        let served = try await seededKnowledge().1
        let advice = served.engine.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .grading))
        // The aerobic statement rests on the review's synthesis of CFS, whiplash and low back pain
        // studies (21, 54, 55 are not cited by any fibromyalgia guideline); none may reach the advice.
        let others: Set<Int> = [21, 54, 55]
        for recommendation in advice.recommendations {
            #expect(Set(recommendation.references).isDisjoint(with: others), "\(recommendation.rule): \(recommendation.references)")
        }
        for site in Site.allCases {
            let cell = try #require(served.knowledge.eaCell(of: "fibromyalgia", exerciseType: .aerobic, site: site))
            #expect(cell.references.isEmpty, "\(site): an inferred cell carries no more than its statement")
        }
    }

    @Test("chronic fatigue syndrome: the answer and the card carry the caution that the review predates current guidance")
    func chronicFatigueCaution() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-fatigue-syndrome"], phase: .grading))
        #expect(advice.cautions.count == 1)
        #expect(advice.cautions.first?.contains("NG206") == true)
        #expect(advice.grading.note?.contains("graded exercise therapy") == true)
        try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
            let response = try await client.call(
                .post,
                "/cds-services/exercise-analgesia-patient-view",
                headers: Self.json,
                body: PatientViewFixture.request(codes: [("http://hl7.org/fhir/sid/icd-10-cm", "G93.32")])
            )
            let detail = ((response["cards"] as? [[String: Any]])?.first?["detail"] as? String) ?? ""
            #expect(detail.hasPrefix("**Caution, beyond the review:**"))
        }
    }

    @Test("shoulder myalgia is linked only to guidance that holds for site-specific dysfunction")
    func shoulderMyalgiaGuidelines() async throws {
        let knowledge = try await seededKnowledge().1.knowledge
        let linked = Set(knowledge.guidelineSlugs(forCondition: "shoulder-myalgia"))
        for withheld in ["prefer-aerobic-over-eccentric-isometric", "tailor-to-prevent-flares", "aerobic-and-motor-control",
            "careful-with-eccentric", "keep-exercising-despite-dysfunctional-ea"] {
            #expect(!linked.contains(withheld), "\(withheld)")
        }
        #expect(linked.contains("exercise-non-painful-muscles-in-local-myalgia"))
    }

    @Test("research hypotheses only where the review raises them: opioids not for centrally sensitized disorders, acetaminophen only with dysfunction")
    func researchScope() async throws {
        let fibromyalgia = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], medications: [.opioid]))
        #expect(fibromyalgia.researchHypotheses.isEmpty)
        let back = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-low-back-pain"], medications: [.opioid, .acetaminophen]))
        #expect(back.researchHypotheses.map(\.guideline) == ["research-opioids-with-early-graded-exercise"])
        #expect(back.researchHypotheses.first?.medications == [.opioid])
    }

    // MARK: The third clinical read (2026-12-07)

    @Test("chronic fatigue syndrome: the caution is on its page, its findings' and guidelines' pages, the advice page whatever the grading decision, and the note an order card writes")
    func chronicFatigueCautionOnEverySurface() async throws {
        try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
            let condition = try await PageTests.page(client, "/conditions/chronic-fatigue-syndrome")
            #expect(condition.status == .ok)
            #expect(condition.text.contains("Caution, beyond the review"))
            #expect(condition.text.contains("NG206"))
            let fibromyalgia = try await PageTests.page(client, "/conditions/fibromyalgia")
            #expect(!fibromyalgia.text.contains("Caution, beyond the review"), "only conditions with a caution show one")
            // Pages of findings and guidelines about it carry it too.
            let finding = try await PageTests.page(client, "/findings/exercise-therapy-effective-chronic-fatigue-syndrome")
            #expect(finding.status == .ok)
            #expect(finding.text.contains("Caution, beyond the review"))
            #expect(finding.text.contains("NG206"))
            let guideline = try await PageTests.page(client, "/guidelines/prefer-aerobic-over-eccentric-isometric")
            #expect(guideline.text.contains("NG206"), "a guideline linked to chronic fatigue syndrome")
            let myalgia = try await PageTests.page(client, "/guidelines/exercise-non-painful-muscles-in-local-myalgia")
            #expect(myalgia.status == .ok)
            #expect(!myalgia.text.contains("Caution, beyond the review"), "not linked to chronic fatigue syndrome")

            // A major flare holds grading, so the grading note does not carry the caution: the page must.
            let held = try await PageTests.page(client, "/recommend?conditions=chronic-fatigue-syndrome&phase=grading&flare=major")
            #expect(held.text.contains("<span class=\"decision\">hold</span>"))
            let caution = try #require(held.text.range(of: "Caution, beyond the review"))
            let advice = try #require(held.text.range(of: "<h3>Recommendations</h3>"))
            #expect(caution.lowerBound < advice.lowerBound, "the caution comes before the advice")
            #expect(held.text.contains("NG206"))

            let order = try await client.call(
                .post,
                CDSFixtures.orderSelect,
                headers: CDSFixtures.json(),
                body: CDSFixtures.orderSelect(
                    system: "http://snomed.info/sct",
                    code: "229065009",
                    prefetch: CDSFixtures.bundle([CDSFixtures.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "G93.32")])
                )
            )
            #expect(order.status == .ok, "\(order.text)")
            let card = try #require((order["cards"] as? [[String: Any]])?.first)
            let suggestion = try #require((card["suggestions"] as? [[String: Any]])?.first)
            let action = try #require((suggestion["actions"] as? [[String: Any]])?.first)
            let resource = try #require(action["resource"] as? [String: Any])
            let note = (resource["note"] as? [[String: Any]])?.last?["text"] as? String ?? ""
            let noteCaution = try #require(note.range(of: "Caution: Chronic fatigue syndrome (myalgic encephalomyelitis): Beyond the review"), "\(note)")
            let dosing = try #require(note.range(of: "Be conservative when setting the baseline"), "\(note)")
            #expect(noteCaution.lowerBound < dosing.lowerBound, "the note opens with the caution, not with the dosing")
            #expect(!note.contains("Keep exercise therapy in the plan"), "the order already is exercise therapy")
            #expect(suggestion["isRecommended"] as? Bool == false, "with a caution the clinician decides; writing dosing in is not recommended")
            #expect((card["summary"] as? String)?.contains("aution beyond the review") == true, "\(card["summary"] ?? "")")
            #expect(note.contains("NG206"))
            #expect(note.contains("Confirm before use, Chronic fatigue syndrome (myalgic encephalomyelitis) (http://hl7.org/fhir/sid/icd-10-cm|G93.32)"), "\(note)")
        }
    }

    @Test("chronic fatigue syndrome: the JSON of its findings and guidelines carries the caution, so a client showing only the item shows it")
    func chronicFatigueCautionInItemJSON() async throws {
        try await withApp { client in
            let finding = try await client.call(.get, "/v1/findings/exercise-therapy-effective-chronic-fatigue-syndrome")
            #expect(finding.status == .ok)
            let findingCautions = try #require(finding["cautions"] as? [String])
            #expect(findingCautions.count == 1)
            #expect(findingCautions.first?.hasPrefix("Chronic fatigue syndrome (myalgic encephalomyelitis): Beyond the review") == true)
            #expect(findingCautions.first?.contains("NG206") == true)
            let guideline = try await client.call(.get, "/v1/guidelines/no-grading-on-major-flare")
            #expect((guideline["cautions"] as? [String])?.first?.contains("NG206") == true, "a guideline linked to chronic fatigue syndrome")
            // Items not linked to it say so with an empty list.
            let staud = try await client.call(.get, "/v1/findings/staud-2005-unilateral-isometric-30-mvc")
            #expect(staud["cautions"] as? [String] == [])
            let myalgia = try await client.call(.get, "/v1/guidelines/exercise-non-painful-muscles-in-local-myalgia")
            #expect(myalgia["cautions"] as? [String] == [])
            // List pages carry the same item representation.
            let listed = try await client.call(.get, "/v1/guidelines?condition=chronic-fatigue-syndrome&limit=100")
            #expect(!listed.data.isEmpty)
            for item in listed.data {
                #expect((item["cautions"] as? [String])?.first?.contains("NG206") == true, "\(item["slug"] ?? "")")
            }
        }
    }

    @Test("the order note carries the grading rules, every safety, avoid and caution item first, the review's hedges on the evidence, and the versions")
    func orderNoteContents() async throws {
        let fibromyalgia = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .initiation))
        let note = CDSCardBuilder.orderNote(fibromyalgia, conditions: [])
        #expect(note.contains(CDSCardBuilder.orderGradingText))
        #expect(note.contains("rules \(RuleSet.current.version)"))
        #expect(note.contains(Advice.disclaimer))
        #expect(!note.contains("Keep exercise therapy in the plan"))
        let kept = fibromyalgia.recommendations.filter { CDSCardBuilder.safetyRules.contains($0.rule) || [.avoid, .caution].contains($0.action) }
        #expect(kept.contains { $0.rule == "R09-careful-with-eccentric" }, "\(kept.map(\.rule))")
        let rest = fibromyalgia.recommendations.filter { item in
            !kept.contains { $0.rule == item.rule } && !CDSCardBuilder.orderNoteSkips.contains(item.rule)
        }
        let firstRest = try #require(rest.first.flatMap { note.range(of: $0.text) }, "the first of the rest is in the note")
        for item in kept {
            let at = try #require(note.range(of: item.text), "\(item.rule) is in the note")
            #expect(at.lowerBound < firstRest.lowerBound, "\(item.rule) comes before the rest")
        }

        // Shoulder myalgia: the review reports nothing on exercise therapy as a treatment for it (R03c).
        let shoulder = try await Self.advise(PatientProfile(conditionSlugs: ["shoulder-myalgia"], phase: .initiation))
        let hedge = try #require(shoulder.recommendations.first { $0.rule == "R03c-exercise-therapy-not-reported" })
        #expect(CDSCardBuilder.orderNote(shoulder, conditions: []).contains(hedge.text))
    }

    @Test("the rules a card and an order note put first all exist in the rule set")
    func safetyRulesExist() {
        let ids = Set(RuleSet.current.rules.map(\.id))
        for rule in CDSCardBuilder.safetyRules + CDSCardBuilder.orderNoteSkips {
            #expect(ids.contains(rule), "\(rule)")
        }
    }

    @Test("minor flares: the rules say Table 1 does not decide grading during one; low intensity: the review does not define it")
    func ruleWordingSaysNoMore() async throws {
        for profile in [
            PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .initiation, flare: .minor),
            PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .grading, flare: .minor),
        ] {
            let advice = try await Self.advise(profile)
            let flare = try #require(advice.recommendations.first { $0.rule.hasPrefix("R15") })
            #expect(!flare.text.contains("does not stop grading"), "\(flare.text)")
            #expect(flare.text.contains("it does not say whether to grade during a minor one"), "\(flare.text)")
            #expect(advice.grading.basis == .inferred)
            #expect(advice.grading.reason.contains("This service infers"), "\(advice.grading.reason)")
        }
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"]))
        let low = try #require(advice.recommendations.first { $0.rule.hasPrefix("R05") })
        #expect(!low.text.contains("already of low intensity"))
        #expect(low.text.contains("the review does not say what intensity counts as low"))
        #expect(low.text.contains("30% of maximal force for 90 seconds (ref 47)"))
        #expect(low.text.contains("20-25% until exhaustion, at most 5 minutes (ref 39)"))
    }

    @Test("a card says where each item comes from and what it is, and does not call Table 1's background references evidence for the items")
    func cardItemsSayWhatTheyRestOn() async throws {
        try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
            let response = try await client.call(
                .post,
                CDSFixtures.patientView,
                headers: CDSFixtures.json(),
                body: PatientViewFixture.request(codes: [("http://hl7.org/fhir/sid/icd-10-cm", "M79.7")])
            )
            let detail = ((response["cards"] as? [[String: Any]])?.first?["detail"] as? String) ?? ""
            let items = detail.split(separator: "\n").filter { $0.first?.isNumber == true && $0.contains(". *") }
            #expect(!items.isEmpty, "\(detail)")
            for item in items {
                #expect(item.contains(" _(Table 1, item ") || item.contains(", paragraph "), "\(item)")
                #expect(ClaimBasis.allCases.contains { item.contains("; \($0.label))_") }, "\(item)")
            }
            #expect(!detail.contains("**Evidence:**"))
            #expect(detail.contains("**References linked to these items:**"))
            #expect(detail.contains("the review's practical guidance, not tested"))
        }
    }

    @Test("knowledge release 2.0.1: release times, not 'only after prolonged exercise'; Table 1 item 7 as written; the 3-month threshold is not the review's")
    func knowledgeRelease201() async throws {
        let knowledge = try await seededKnowledge().1.knowledge
        let timing = try #require(knowledge.finding("endorphin-growth-hormone-release-timing"))
        #expect(!timing.title.contains("only after prolonged"))
        #expect(timing.summary.contains("about an hour") && timing.summary.contains("10 to 40 minutes"))
        let nonPainful = try #require(knowledge.guideline("exercise-non-painful-body-parts"))
        #expect(!nonPainful.rationale.contains("non-painful muscle did not bring analgesia either"))
        #expect(nonPainful.rationale.contains("at any site"))
        let timeContingent = try #require(knowledge.guideline("time-contingent-with-baseline"))
        #expect(timeContingent.advice == "Use a time-contingent approach with an appropriate baseline.")
        let caveats = knowledge.conditions.flatMap(\.codes).compactMap(\.caveat).filter { $0.contains("3 months") }
        #expect(caveats.count >= 4)
        for caveat in caveats {
            #expect(caveat.hasSuffix("The 3-month threshold is a common definition of chronic pain; the review gives none."), "\(caveat)")
        }
    }

    // MARK: The release

    @Test("the knowledge base is release 2.0.1 and the rule set 2.0.1")
    func release() async throws {
        let served = try await seededKnowledge().1
        #expect(served.knowledge.semver == "2.0.1")
        #expect(RuleSet.current.version == "2.0.1")
        #expect(served.knowledge.finding("exercise-therapy-clinical-benefit") == nil, "the bundled finding is split per condition")
        #expect(served.isDeleted(.finding, "exercise-therapy-clinical-benefit"))
    }
}
