-- 0008_knowledge_fidelity: knowledge release 2.0.0. The knowledge and the rules say no more
-- than the review, and every claim says where in the review it comes from.
--   * EA statements: the basis tells a pilot study from unpublished data (`preliminary` is
--     gone), and each statement gets a locator and the review's hedge;
--   * conditions get a `caution` for what a clinician must know beyond the review;
--   * condition codes get a scope: `exact` (the population studied), `broader` (accepted with a
--     caveat naming what the clinician must confirm) or `excluded` (refused with the reason);
--   * mechanisms, findings and guidelines get a locator; mechanisms and findings their basis;
--   * the data corrections listed in docs/knowledge-changelog.md.
-- Locators: `<section>/p<N>` or `table-1/item-<N>` (docs/knowledge-fidelity.md).
-- Runs with foreign keys off and checks them before commit (GRDB's default), so ea_response
-- can be rebuilt with its new CHECK constraint without cascading to ea_response_finding.

CREATE TABLE ea_response_v2 (
    condition_slug  TEXT NOT NULL REFERENCES condition(slug) ON DELETE CASCADE,
    exercise_type   TEXT NOT NULL CHECK (exercise_type IN (
                        'aerobic', 'isometric', 'eccentric', 'resistance', 'motor-control')),
    site            TEXT NOT NULL CHECK (site IN ('any', 'painful-region', 'non-painful-region')),
    response        TEXT NOT NULL CHECK (response IN ('hypoalgesia', 'no-change', 'hyperalgesia', 'unknown')),
    evidence_basis  TEXT NOT NULL CHECK (evidence_basis IN ('published', 'pilot', 'unpublished', 'review-statement')),
    rationale       TEXT NOT NULL,
    locator         TEXT CHECK (locator IS NULL OR (
                        locator GLOB '[a-z]*/p[1-9]' AND substr(locator, 1, instr(locator, '/') - 1) IN (
                            'abstract', 'introduction', 'biology', 'muscle-contraction', 'aerobic', 'practice', 'drugs', 'conclusion'))
                        OR locator GLOB 'table-1/item-[1-9]' OR locator GLOB 'table-1/item-1[0-2]'),
    qualifier       TEXT CHECK (qualifier IS NULL OR length(qualifier) BETWEEN 1 AND 200),
    PRIMARY KEY (condition_slug, exercise_type, site)
);
INSERT INTO ea_response_v2 (condition_slug, exercise_type, site, response, evidence_basis, rationale)
SELECT condition_slug, exercise_type, site, response,
       CASE
           WHEN evidence_basis <> 'preliminary' THEN evidence_basis
           WHEN condition_slug = 'rheumatoid-arthritis' THEN 'pilot'
           ELSE 'unpublished'
       END,
       rationale
FROM ea_response;
DROP TABLE ea_response;
ALTER TABLE ea_response_v2 RENAME TO ea_response;
CREATE TRIGGER ea_response_revision_insert AFTER INSERT ON ea_response BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER ea_response_revision_update AFTER UPDATE ON ea_response BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER ea_response_revision_delete AFTER DELETE ON ea_response BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;

-- What a clinician must know about a condition beyond the review (for example newer guidance
-- that the 2012 review predates); served with the condition and with every answer about it.
ALTER TABLE condition ADD COLUMN caution TEXT CHECK (caution IS NULL OR length(caution) BETWEEN 1 AND 1000);

ALTER TABLE condition_code ADD COLUMN scope TEXT NOT NULL DEFAULT 'exact' CHECK (scope IN ('exact', 'broader', 'excluded'));
ALTER TABLE condition_code ADD COLUMN caveat TEXT CHECK (caveat IS NULL OR length(caveat) BETWEEN 1 AND 600);

ALTER TABLE mechanism ADD COLUMN locator TEXT CHECK (locator IS NULL OR (
    locator GLOB '[a-z]*/p[1-9]' AND substr(locator, 1, instr(locator, '/') - 1) IN (
        'abstract', 'introduction', 'biology', 'muscle-contraction', 'aerobic', 'practice', 'drugs', 'conclusion'))
    OR locator GLOB 'table-1/item-[1-9]' OR locator GLOB 'table-1/item-1[0-2]');
ALTER TABLE mechanism ADD COLUMN basis TEXT CHECK (basis IS NULL OR basis IN (
    'study', 'pilot', 'unpublished', 'stopped-early', 'review-statement', 'clinical-reasoning', 'hypothesis', 'inferred', 'not-studied'));
ALTER TABLE finding ADD COLUMN locator TEXT CHECK (locator IS NULL OR (
    locator GLOB '[a-z]*/p[1-9]' AND substr(locator, 1, instr(locator, '/') - 1) IN (
        'abstract', 'introduction', 'biology', 'muscle-contraction', 'aerobic', 'practice', 'drugs', 'conclusion'))
    OR locator GLOB 'table-1/item-[1-9]' OR locator GLOB 'table-1/item-1[0-2]');
ALTER TABLE finding ADD COLUMN basis TEXT CHECK (basis IS NULL OR basis IN (
    'study', 'pilot', 'unpublished', 'stopped-early', 'review-statement', 'clinical-reasoning', 'hypothesis', 'inferred', 'not-studied'));
ALTER TABLE guideline ADD COLUMN locator TEXT CHECK (locator IS NULL OR (
    locator GLOB '[a-z]*/p[1-9]' AND substr(locator, 1, instr(locator, '/') - 1) IN (
        'abstract', 'introduction', 'biology', 'muscle-contraction', 'aerobic', 'practice', 'drugs', 'conclusion'))
    OR locator GLOB 'table-1/item-[1-9]' OR locator GLOB 'table-1/item-1[0-2]');

-- Codes: exact when the code names the population the review studied; broader codes carry
-- what the clinician must confirm; excluded codes fall under a covered prefix but name
-- something else. ICD-10-CM initial-encounter codes (7th character A) are refused in code.
UPDATE condition_code SET scope = 'broader',
    caveat = 'The studies the review describes enrolled people with chronic fatigue syndrome who also had chronic widespread pain; confirm both before applying this advice.'
WHERE condition_slug = 'chronic-fatigue-syndrome';
UPDATE condition_code SET
    caveat = 'ICD-10 G93.3 is postviral fatigue syndrome (benign myalgic encephalomyelitis). The studies the review describes enrolled people with chronic fatigue syndrome who also had chronic widespread pain; confirm both before applying this advice.'
WHERE condition_slug = 'chronic-fatigue-syndrome' AND system = 'http://hl7.org/fhir/sid/icd-10' AND code = 'G933';
INSERT INTO condition_code (condition_slug, system, code, display, match, scope, caveat) VALUES
    ('chronic-fatigue-syndrome', 'http://hl7.org/fhir/sid/icd-10-cm', 'R5382', 'Chronic fatigue, unspecified', 'exact', 'broader',
     'Before October 2022 ICD-10-CM listed chronic fatigue syndrome NOS under R53.82 (G93.32 has coded it since), so older records may carry it; R53.82 also codes chronic fatigue that is not the syndrome. Confirm a diagnosis of chronic fatigue syndrome with chronic widespread pain before applying this advice.'),
    ('chronic-fatigue-syndrome', 'http://hl7.org/fhir/sid/icd-10-cm', 'G933', 'Postviral fatigue syndrome (ICD-10-CM before October 2022)', 'exact', 'broader',
     'Before October 2022 ICD-10-CM G93.3 coded postviral fatigue syndrome and benign myalgic encephalomyelitis. Confirm a diagnosis of chronic fatigue syndrome with chronic widespread pain before applying this advice.');

UPDATE condition_code SET scope = 'broader',
    caveat = 'This codes the whiplash injury itself, however long ago it happened. The review concerns chronic whiplash-associated disorders: confirm that complaints have persisted for more than 3 months since the injury.'
WHERE condition_slug = 'chronic-whiplash-associated-disorders';
UPDATE condition_code SET display = 'Sprain of ligaments of cervical spine (S13.4XX-; initial encounter refused)'
WHERE condition_slug = 'chronic-whiplash-associated-disorders' AND system = 'http://hl7.org/fhir/sid/icd-10-cm' AND code = 'S134';

UPDATE condition_code SET scope = 'broader',
    caveat = 'This code covers low back pain of any duration. The review concerns chronic low back pain: confirm pain for more than 3 months.'
WHERE condition_slug = 'chronic-low-back-pain' AND code IN ('279039007', 'M545');

UPDATE condition_code SET scope = 'broader',
    caveat = 'This code covers osteoarthritis of any joint. The preliminary data the review reports concern the knee and the hip: confirm the site.'
WHERE condition_slug = 'osteoarthritis' AND code = '396275006';

INSERT INTO condition_code (condition_slug, system, code, display, match, scope, caveat) VALUES
    ('rheumatoid-arthritis', 'http://hl7.org/fhir/sid/icd-10-cm', 'M061', 'Adult-onset Still''s disease', 'prefix', 'excluded',
     'M06.1 codes adult-onset Still''s disease, not rheumatoid arthritis; the review''s rheumatoid arthritis data do not cover it.'),
    ('rheumatoid-arthritis', 'http://hl7.org/fhir/sid/icd-10-cm', 'M064', 'Inflammatory polyarthropathy', 'prefix', 'excluded',
     'M06.4 codes inflammatory polyarthropathy, not rheumatoid arthritis; the review''s rheumatoid arthritis data do not cover it.'),
    ('rheumatoid-arthritis', 'http://hl7.org/fhir/sid/icd-10', 'M061', 'Adult-onset Still disease', 'prefix', 'excluded',
     'M06.1 codes adult-onset Still disease, not rheumatoid arthritis; the review''s rheumatoid arthritis data do not cover it.'),
    ('rheumatoid-arthritis', 'http://hl7.org/fhir/sid/icd-10', 'M064', 'Inflammatory polyarthropathy', 'prefix', 'excluded',
     'M06.4 codes inflammatory polyarthropathy, not rheumatoid arthritis; the review''s rheumatoid arthritis data do not cover it.');

UPDATE condition_code SET scope = 'broader',
    caveat = 'This code covers muscle pain of any site and cause. The review''s evidence is on local myalgia of the shoulder (the infraspinatus): confirm localised, chronic muscle pain and which muscles are painful.'
WHERE condition_slug = 'shoulder-myalgia';

UPDATE condition_code SET scope = 'broader',
    caveat = 'This code covers neck pain of any duration. The review only names chronic neck pain among the conditions exercise therapy treats: confirm pain for more than 3 months; after a whiplash injury use chronic whiplash-associated disorders instead.'
WHERE condition_slug = 'chronic-neck-pain';

-- Mechanism verdicts the body of the review does not carry (direct evidence is lacking; the
-- mechanisms have not been studied in detail; the link to central sensitization is suggested).
UPDATE mechanism SET verdict = 'hypothesized',
    summary = 'Exercise releases beta-endorphin from the pituitary gland into the circulation and from the hypothalamus within the brain; it acts on mu-opioid receptors in the periphery and centrally. Animal work suggests that both opioid and non-opioid analgesia can follow exercise, depending on the exercise stressor.',
    verdict_rationale = 'The abstract and the Conclusion say the available data point to opioid release in healthy people, but the body says direct evidence is lacking and that the mechanisms have not been studied in detail; animal work also shows analgesia that naloxone does not reverse.'
WHERE slug = 'endogenous-opioids';
UPDATE mechanism SET verdict = 'hypothesized',
    verdict_rationale = 'Available data suggest that brain-orchestrated (supra)spinal inhibition explains exercise-induced analgesia in healthy people, but the review says the mechanisms have not been studied in detail, and it describes the hypothalamus-to-periaqueductal-grey route only as a capacity.'
WHERE slug = 'periaqueductal-grey-descending-inhibition';
UPDATE mechanism SET verdict = 'hypothesized',
    verdict_rationale = 'The review links dysfunctional analgesia during aerobic exercise to disorders with clear central sensitization (chronic whiplash, fibromyalgia, chronic fatigue syndrome), not chronic low back pain, but calls the link suggestive; it describes no study that tests it as the cause, and no fibromyalgia aerobic study.'
WHERE slug = 'central-sensitization';
UPDATE mechanism SET
    verdict_rationale = 'Possibly involved in healthy people (people with hypertension are less pain sensitive, and contraction-induced modulation has been linked to baroreceptor activation), but an unlikely cause of the dysfunction in fibromyalgia, whose heart rate and blood pressure rise normally during static contractions.'
WHERE slug = 'baroreceptor-cardiovascular-coupling';
UPDATE mechanism SET
    summary = 'The review states that corticosteroids, the mediators of the long-term stress response, are involved in exercise-induced analgesia; the evidence it cites concerns analgesia induced by glucocorticoids, through opioid and non-opioid routes. It frames exercise as a recurring stressor that triggers stress-induced analgesia.'
WHERE slug = 'corticosteroids-stress-induced-analgesia';
UPDATE mechanism SET
    verdict_rationale = 'Scoped to static contractions: there the review finds it unlikely, because healthy controls rated pain low during contraction, and because it is dysfunctional in fibromyalgia yet normal in shoulder myalgia (by this service''s reading, myalgia patients with normal conditioned pain modulation still lacked analgesia when the painful muscle worked). For exercise in general the review only says it may be triggered.'
WHERE slug = 'conditioned-pain-modulation';
UPDATE mechanism SET
    summary = 'In animals, ischemia sensitizes muscle mechanonociceptors so that contraction pressure itself becomes a nociceptive stimulus. Patients with shoulder myalgia or fibromyalgia have less muscle blood flow during static contractions than controls.'
WHERE slug = 'muscle-ischemia-blood-flow';
UPDATE mechanism SET
    verdict_rationale = 'The review holds that exercise therapy should account for it, as comprehensive pain management does; it reports no study of its effect on exercise-induced analgesia.'
WHERE slug = 'cognitive-emotional-sensitization';
UPDATE mechanism SET
    verdict_rationale = 'Proposed as the cause of dysfunctional analgesia during exercise, but in one study nitric oxide levels were unrelated to pain processing during aerobic exercise in healthy controls, chronic fatigue syndrome and chronic low back pain; fibromyalgia and whiplash were not tested.'
WHERE slug = 'nitric-oxide';

-- Conditions.
UPDATE condition SET
    summary = 'Chronic widespread pain with generalised tenderness. Exercise therapy helps, yet in studies local muscle work raised pain sensitivity instead of lowering it, and the review states, without a described study, that aerobic exercise does not activate analgesia, with facilitation rather than inhibition in some patients.'
WHERE slug = 'fibromyalgia';
UPDATE condition SET
    ea_summary = 'Dysfunctional during aerobic exercise in people with chronic fatigue syndrome and chronic widespread pain: treadmill walking lowered pain thresholds and, the review reports, larger studies with several cycling protocols replicated the lack of analgesia, whereas healthy controls gained analgesia.',
    synonyms = '["CFS", "ME/CFS", "myalgic encephalomyelitis", "myalgic encephalomyelitis/chronic fatigue syndrome"]',
    caution = 'Beyond the review: the review (2012) predates current ME/CFS guidance (for example NICE NG206, 2021), which advises against graded exercise therapy and fixed incremental exercise because of post-exertional symptom exacerbation. Its advice to continue and grade exercise must not override that guidance; check current guidance and specialist advice before grading exercise.'
WHERE slug = 'chronic-fatigue-syndrome';
UPDATE condition SET synonyms = '["RA", "rheumatoid disease"]' WHERE slug = 'rheumatoid-arthritis';
UPDATE condition SET
    summary = 'Localised muscle pain, typically of the shoulder; it can be work-related, as long-lasting low-intensity static work is a risk factor. Whether a bout of exercise brings analgesia depends on whether the exercised muscle is the painful one.'
WHERE slug = 'shoulder-myalgia';
UPDATE population SET description = 'Patients with localised shoulder muscle pain.' WHERE slug = 'shoulder-myalgia-patients';
UPDATE condition SET
    central_sensitization_note = 'Not marked characteristic: the exercise sections treat osteoarthritis as responding normally (preliminary data) and limit dysfunctional responses to disorders with clear central sensitization, although the drug section names osteoarthritis, with fibromyalgia, among conditions characterized by central sensitization in which duloxetine works.'
WHERE slug = 'osteoarthritis';
UPDATE condition SET
    summary = 'Long-lasting neck pain. The abstract lists it, without a reference, among the chronic pain disorders that exercise therapy treats effectively; the review reports no study of exercise-induced analgesia in it.'
WHERE slug = 'chronic-neck-pain';

-- EA statements: the review's hedges, and the population the studies enrolled.
UPDATE ea_response SET response = 'no-change', qualifier = 'more pain (facilitation) in some patients',
    rationale = 'The review states that fibromyalgia shows dysfunctional analgesia during aerobic as well as local exercise, and its conclusion that aerobic exercise activates facilitation rather than inhibition in some patients; it describes no fibromyalgia aerobic study, and the trial in a mixed fibromyalgia and chronic fatigue group stopped early.'
WHERE condition_slug = 'fibromyalgia' AND exercise_type = 'aerobic' AND site = 'any';
UPDATE ea_response SET qualifier = 'more pain (facilitation) in some patients, the conclusion adds'
WHERE condition_slug = 'chronic-whiplash-associated-disorders' AND exercise_type = 'aerobic' AND site = 'any';
UPDATE finding_result SET response = 'no-change',
    outcome = 'Counted by the review among the disorders with dysfunctional aerobic analgesia, with facilitation in some patients (no fibromyalgia aerobic study is described).'
WHERE finding_id = 'dysfunctional-aerobic-ea-limited-to-central-sensitization' AND population_slug = 'fibromyalgia-patients';
UPDATE condition SET
    ea_summary = 'Dysfunctional: static (isometric) contractions raised pain sensitivity throughout the body instead of lowering it (studies); for aerobic exercise the review states, without describing a fibromyalgia study, that analgesia is dysfunctional, with more pain in some patients.'
WHERE slug = 'fibromyalgia';
UPDATE ea_response SET qualifier = 'in people with chronic fatigue syndrome and chronic widespread pain',
    rationale = 'In people with chronic fatigue syndrome and chronic widespread pain, graded treadmill walking and interval, submaximal ramp and self-paced cycling lowered pain thresholds, unlike in healthy controls.'
WHERE condition_slug = 'chronic-fatigue-syndrome' AND exercise_type = 'aerobic' AND site = 'any';
UPDATE ea_response SET qualifier = 'preliminary; knee and hip'
WHERE condition_slug = 'osteoarthritis' AND exercise_type = 'isometric' AND site = 'any';
UPDATE ea_response SET qualifier = 'pilot study, submitted at the time of the review'
WHERE condition_slug = 'rheumatoid-arthritis' AND exercise_type = 'isometric' AND site = 'any';
UPDATE ea_response SET qualifier = 'one study'
WHERE condition_slug = 'shoulder-myalgia' AND exercise_type = 'isometric';

-- Guidelines: Table 1 is clinical reasoning; rationales say no more than the review.
UPDATE guideline SET
    rationale = 'Clinical reasoning. The review suggests, without testing it, that dysfunctional analgesia might explain the low compliance with exercise therapy and the dropouts of its early stages.'
WHERE slug = 'exercise-fun-not-burden';
UPDATE guideline SET
    advice = 'Include both aerobic exercise and motor control training in the programme.',
    rationale = 'Clinical reasoning from Table 1. The text prefers aerobic exercise over eccentric and isometric work, which it considers likely to increase central hyperexcitability; it gives no intensity here (low intensity is its expectation for fibromyalgia) and no separate reason for motor control training.'
WHERE slug = 'aerobic-and-motor-control';
UPDATE guideline SET
    advice = 'Be careful with eccentric exercise in patients with dysfunctional analgesia.',
    rationale = 'Clinical reasoning. The text considers eccentric and isometric work likely to increase central hyperexcitability, citing a study of isometric contraction (47); the review reports no eccentric data.'
WHERE slug = 'careful-with-eccentric';
UPDATE guideline SET
    rationale = 'Clinical reasoning from Table 1; the review gives no separate justification or study for this item.'
WHERE slug = 'allow-transient-pain-avoid-increasing-trend';
UPDATE guideline SET
    rationale = 'Clinical reasoning: a lower starting level might help prevent symptom flares in patients whose analgesia fails during exercise; the review does not test it.'
WHERE slug = 'conservative-baseline';
UPDATE guideline SET
    rationale = 'Clinical reasoning from Table 1; the review gives no specific reason for it and reports no study of break length.'
WHERE slug = 'long-recovery-breaks';
UPDATE guideline SET
    rationale = 'Symptom flares after exercise were related to dysfunctional analgesia (chronic fatigue syndrome with chronic widespread pain, ref 22); the review stresses the early stages of exercise therapy.'
WHERE slug = 'monitor-symptom-flares';
UPDATE guideline SET
    rationale = 'Clinical reasoning from Table 1. The early stages of exercise therapy are prone to dropouts, and item 10 asks to adapt the exercise modalities to flares.'
WHERE slug = 'minor-flares-expected-early';
UPDATE guideline SET
    rationale = 'Clinical reasoning; the review argues that dysfunctional analgesia raises the risk of severe symptom flares after exercise sessions.'
WHERE slug = 'no-grading-on-major-flare';
UPDATE guideline SET evidence_level = 'clinical-reasoning',
    rationale = 'The dysfunction was shown in acute bouts of exercise; the review says this does not contradict the clinical evidence that exercise therapy helps these patients.'
WHERE slug = 'keep-exercising-despite-dysfunctional-ea';
UPDATE guideline SET
    title = 'Research hypothesis: opioids with early graded exercise, in some patients with nociceptive pain',
    rationale = 'The review cites evidence (ref 71) that rehabilitation can work without opioid withdrawal; whether the combination restores exercise-induced analgesia is untested.'
WHERE slug = 'research-opioids-with-early-graded-exercise';
UPDATE guideline SET
    rationale = 'Acetaminophen improves peak exercise performance in healthy people and may act centrally through serotonergic descending inhibition; the review reports no data in patients.'
WHERE slug = 'research-acetaminophen-with-exercise';
INSERT INTO guideline_condition (guideline_slug, condition_slug) VALUES ('research-snri-with-graded-exercise', 'osteoarthritis');
-- Shoulder myalgia's dysfunction is site-specific: the guidance written for dysfunction wherever
-- the body works is not linked to it (its isometric work of non-painful muscles brings analgesia);
-- nor is "keep exercising", for which the review cites no evidence in myalgia or neck pain.
DELETE FROM guideline_condition WHERE condition_slug = 'shoulder-myalgia' AND guideline_slug IN (
    'prefer-aerobic-over-eccentric-isometric', 'tailor-to-prevent-flares', 'aerobic-and-motor-control', 'careful-with-eccentric',
    'keep-exercising-despite-dysfunctional-ea');
DELETE FROM guideline_condition WHERE condition_slug = 'chronic-neck-pain' AND guideline_slug = 'keep-exercising-despite-dysfunctional-ea';
UPDATE guideline SET
    rationale = 'Exercising non-painful muscles activated generalised analgesia in shoulder myalgia, whereas exercising the painful muscle did not (one study, ref 39). For other conditions this item is clinical reasoning: in fibromyalgia, contracting a non-painful muscle did not bring analgesia either.'
WHERE slug = 'exercise-non-painful-body-parts';

-- Findings: hedges kept, designs the review does not describe no longer named.
UPDATE finding SET title = 'Excess nitric oxide may contribute to central sensitization' WHERE id = 'nitric-oxide-excess-central-sensitization';
UPDATE finding SET title = 'Acetaminophen may act centrally through serotonergic inhibition' WHERE id = 'acetaminophen-central-serotonergic-action';
UPDATE finding_result SET outcome = 'Evidence suggests a mainly central, serotonergic action.'
WHERE finding_id = 'acetaminophen-central-serotonergic-action' AND ordinal = 0;
UPDATE finding SET title = 'In animals, exercise parameters shape opioid or non-opioid analgesia',
    summary = 'Animal research suggests several analgesia systems: by changing the parameters of the exercise stressor, either naloxone-reversible (opioid) or naloxone-insensitive analgesia can be produced.'
WHERE id = 'animal-opioid-and-non-opioid-ea';
UPDATE finding SET
    summary = 'The only study that tested it found that suppressing growth hormone production during exercise did not change exercise-induced hypoalgesia.'
WHERE id = 'growth-hormone-suppression-no-effect';
DELETE FROM finding_reference WHERE finding_id = 'nitric-oxide-low-dose-inhibitory' AND ref_number = 19;
UPDATE finding SET title = 'Altered central processing can explain most chronic pain' WHERE id = 'central-sensitization-pain-signature';
UPDATE finding_result SET outcome = 'Most chronic pain can be explained by altered central processing.'
WHERE finding_id = 'central-sensitization-pain-signature' AND ordinal = 0;
UPDATE finding_result SET outcome = 'Static contractions increase pain intensity (felt pain, not pain sensitivity); the review does not say which muscle was contracted.'
WHERE finding_id = 'static-contraction-increases-pain-myalgia-fibromyalgia' AND ordinal = 0;
UPDATE finding SET title = 'Exercise may add nociceptive input' WHERE id = 'exercise-nociceptive-input-myofiber-damage';
UPDATE finding SET summary = replace(summary, ' (post-exertional malaise)', '') WHERE id = 'cfs-dysfunctional-ea-explains-flares';
UPDATE finding SET study_design = 'Cited by the review; design not described'
WHERE id IN ('acetaminophen-improves-peak-performance', 'exercise-triggers-nitric-oxide', 'hoffman-2005-clbp-aerobic',
             'baroreceptor-static-contraction-modulation', 'distraction-alters-pain', 'glucocorticoid-ea-opioid-non-opioid',
             'nitric-oxide-low-dose-inhibitory', 'nitric-oxide-excess-central-sensitization', 'ssri-recruit-opioid-interneurons');
UPDATE finding SET study_design = 'Cited by the review; design not described'
WHERE id IN ('fibromyalgia-cpm-dysfunction', 'shoulder-myalgia-cpm-normal', 'fibromyalgia-tenderness-after-static-contraction',
             'fibromyalgia-normal-cardiovascular-response', 'fibromyalgia-sympathoadrenal-hpa-hyporeactivity',
             'duloxetine-efficacy-fibromyalgia-osteoarthritis', 'opioid-withdrawal-not-needed-rehabilitation',
             'blood-pressure-opioid-activation', 'healthy-aerobic-ea-30-min', 'healthy-resistance-ea-brief',
             'cognitive-emotional-descending-facilitation');
INSERT INTO finding_reference (finding_id, ref_number) VALUES ('dysfunctional-aerobic-ea-limited-to-central-sensitization', 55);
UPDATE population SET description = 'Pain-free, physically inactive controls in the aerobic exercise studies.' WHERE slug = 'healthy-sedentary';

-- Every live item changes in this release (locators at least), so its version moves once.
UPDATE condition SET version = version + 1 WHERE deleted_at IS NULL;
UPDATE mechanism SET version = version + 1 WHERE deleted_at IS NULL;
UPDATE finding SET version = version + 1 WHERE deleted_at IS NULL;
UPDATE guideline SET version = version + 1 WHERE deleted_at IS NULL;

-- Locators and bases (docs/knowledge-fidelity.md gives the judgement behind each).
UPDATE mechanism SET locator = 'aerobic/p4', basis = 'hypothesis' WHERE slug = 'endogenous-opioids';
UPDATE mechanism SET locator = 'conclusion/p1', basis = 'hypothesis' WHERE slug = 'periaqueductal-grey-descending-inhibition';
UPDATE mechanism SET locator = 'biology/p1', basis = 'hypothesis' WHERE slug = 'baroreceptor-cardiovascular-coupling';
UPDATE mechanism SET locator = 'biology/p4', basis = 'review-statement' WHERE slug = 'growth-hormone-growth-factors';
UPDATE mechanism SET locator = 'aerobic/p4', basis = 'hypothesis' WHERE slug = 'catecholamines-alpha2a-adrenoceptors';
UPDATE mechanism SET locator = 'biology/p5', basis = 'review-statement' WHERE slug = 'corticosteroids-stress-induced-analgesia';
UPDATE mechanism SET locator = 'biology/p6', basis = 'hypothesis' WHERE slug = 'distraction';
UPDATE mechanism SET locator = 'biology/p6', basis = 'hypothesis' WHERE slug = 'gate-control';
UPDATE mechanism SET locator = 'muscle-contraction/p5', basis = 'study' WHERE slug = 'conditioned-pain-modulation';
UPDATE mechanism SET locator = 'aerobic/p3', basis = 'study' WHERE slug = 'nitric-oxide';
UPDATE mechanism SET locator = 'aerobic/p4', basis = 'stopped-early' WHERE slug = 'serotonergic-pathways';
UPDATE mechanism SET locator = 'muscle-contraction/p5', basis = 'study' WHERE slug = 'sympatho-adrenal-hpa-hyporeactivity';
UPDATE mechanism SET locator = 'muscle-contraction/p1', basis = 'study' WHERE slug = 'muscle-ischemia-blood-flow';
UPDATE mechanism SET locator = 'muscle-contraction/p3', basis = 'hypothesis' WHERE slug = 'descending-facilitation';
UPDATE mechanism SET locator = 'practice/p6', basis = 'review-statement' WHERE slug = 'cognitive-emotional-sensitization';
UPDATE mechanism SET locator = 'biology/p6', basis = 'review-statement' WHERE slug = 'peripheral-mechanisms';
UPDATE mechanism SET locator = 'aerobic/p5', basis = 'review-statement' WHERE slug = 'central-sensitization';
UPDATE finding SET locator = 'introduction/p1', basis = 'review-statement' WHERE id = 'central-sensitization-pain-signature';
UPDATE finding SET locator = 'introduction/p3', basis = 'review-statement' WHERE id = 'exercise-therapy-clinical-benefit';
UPDATE finding SET locator = 'introduction/p5', basis = 'study' WHERE id = 'exercise-therapy-central-modulation-unproven';
UPDATE finding SET locator = 'introduction/p4', basis = 'review-statement' WHERE id = 'healthy-aerobic-ea-30-min';
UPDATE finding SET locator = 'introduction/p4', basis = 'review-statement' WHERE id = 'healthy-resistance-ea-brief';
UPDATE finding SET locator = 'aerobic/p4', basis = 'review-statement' WHERE id = 'opioid-adrenergic-ea-direct-evidence-lacking';
UPDATE finding SET locator = 'biology/p1', basis = 'review-statement' WHERE id = 'hypertension-reduced-pain-sensitivity';
UPDATE finding SET locator = 'biology/p2', basis = 'review-statement' WHERE id = 'blood-pressure-opioid-activation';
UPDATE finding SET locator = 'biology/p2', basis = 'review-statement' WHERE id = 'beta-endorphin-release-mu-opioid';
UPDATE finding SET locator = 'biology/p3', basis = 'review-statement' WHERE id = 'animal-opioid-and-non-opioid-ea';
UPDATE finding SET locator = 'biology/p4', basis = 'hypothesis' WHERE id = 'growth-hormone-sensitization-hypothesis';
UPDATE finding SET locator = 'biology/p4', basis = 'study' WHERE id = 'growth-hormone-suppression-no-effect';
UPDATE finding SET locator = 'biology/p4', basis = 'review-statement' WHERE id = 'endorphin-growth-hormone-release-timing';
UPDATE finding SET locator = 'biology/p5', basis = 'review-statement' WHERE id = 'noradrenaline-alpha2a-dorsal-horn';
UPDATE finding SET locator = 'biology/p5', basis = 'review-statement' WHERE id = 'glucocorticoid-ea-opioid-non-opioid';
UPDATE finding SET locator = 'biology/p6', basis = 'review-statement' WHERE id = 'distraction-alters-pain';
UPDATE finding SET locator = 'muscle-contraction/p1', basis = 'review-statement' WHERE id = 'static-contraction-increases-pain-myalgia-fibromyalgia';
UPDATE finding SET locator = 'muscle-contraction/p1', basis = 'review-statement' WHERE id = 'muscle-ischemia-sensitizes-nociceptors';
UPDATE finding SET locator = 'muscle-contraction/p1', basis = 'study' WHERE id = 'reduced-muscle-blood-flow-static-contraction';
UPDATE finding SET locator = 'muscle-contraction/p1', basis = 'review-statement' WHERE id = 'fibromyalgia-tenderness-after-static-contraction';
UPDATE finding SET locator = 'muscle-contraction/p1', basis = 'study' WHERE id = 'healthy-local-ea-static-contraction';
UPDATE finding SET locator = 'muscle-contraction/p1', basis = 'study' WHERE id = 'healthy-generalized-ea-static-contraction';
UPDATE finding SET locator = 'muscle-contraction/p2', basis = 'study' WHERE id = 'staud-2005-unilateral-isometric-30-mvc';
UPDATE finding SET locator = 'muscle-contraction/p3', basis = 'study' WHERE id = 'lannersten-2010-static-contraction-myalgia-fibromyalgia';
UPDATE finding SET locator = 'muscle-contraction/p4', basis = 'pilot' WHERE id = 'rheumatoid-arthritis-pilot-static-contraction';
UPDATE finding SET locator = 'muscle-contraction/p4', basis = 'unpublished' WHERE id = 'osteoarthritis-preliminary-static-contraction';
UPDATE finding SET locator = 'muscle-contraction/p5', basis = 'review-statement' WHERE id = 'fibromyalgia-cpm-dysfunction';
UPDATE finding SET locator = 'muscle-contraction/p5', basis = 'review-statement' WHERE id = 'shoulder-myalgia-cpm-normal';
UPDATE finding SET locator = 'muscle-contraction/p5', basis = 'review-statement' WHERE id = 'baroreceptor-static-contraction-modulation';
UPDATE finding SET locator = 'muscle-contraction/p5', basis = 'review-statement' WHERE id = 'fibromyalgia-normal-cardiovascular-response';
UPDATE finding SET locator = 'muscle-contraction/p5', basis = 'review-statement' WHERE id = 'fibromyalgia-sympathoadrenal-hpa-hyporeactivity';
UPDATE finding SET locator = 'aerobic/p1', basis = 'study' WHERE id = 'whiteside-2004-cfs-treadmill';
UPDATE finding SET locator = 'aerobic/p1', basis = 'study' WHERE id = 'van-oosterwijck-2010-cfs-submaximal-cycling';
UPDATE finding SET locator = 'aerobic/p1', basis = 'study' WHERE id = 'van-oosterwijck-2010-cfs-self-paced-cycling';
UPDATE finding SET locator = 'aerobic/p1', basis = 'study' WHERE id = 'cfs-dysfunctional-ea-explains-flares';
UPDATE finding SET locator = 'aerobic/p1', basis = 'study' WHERE id = 'meeus-2010-interval-cycling-cfs-clbp';
UPDATE finding SET locator = 'aerobic/p3', basis = 'study' WHERE id = 'nitric-oxide-unrelated-to-exercise-pain-processing';
UPDATE finding SET locator = 'aerobic/p2', basis = 'study' WHERE id = 'van-oosterwijck-2012-whiplash-submaximal-cycling';
UPDATE finding SET locator = 'aerobic/p2', basis = 'study' WHERE id = 'van-oosterwijck-2012-whiplash-self-paced-cycling';
UPDATE finding SET locator = 'aerobic/p2', basis = 'study' WHERE id = 'whiplash-flares-after-exercise';
UPDATE finding SET locator = 'aerobic/p2', basis = 'review-statement' WHERE id = 'hoffman-2005-clbp-aerobic';
UPDATE finding SET locator = 'aerobic/p5', basis = 'review-statement' WHERE id = 'dysfunctional-aerobic-ea-limited-to-central-sensitization';
UPDATE finding SET locator = 'aerobic/p3', basis = 'review-statement' WHERE id = 'nitric-oxide-low-dose-inhibitory';
UPDATE finding SET locator = 'aerobic/p3', basis = 'review-statement' WHERE id = 'nitric-oxide-excess-central-sensitization';
UPDATE finding SET locator = 'aerobic/p3', basis = 'review-statement' WHERE id = 'exercise-triggers-nitric-oxide';
UPDATE finding SET locator = 'aerobic/p4', basis = 'stopped-early' WHERE id = 'meeus-2011-citalopram-trial-stopped';
UPDATE finding SET locator = 'aerobic/p4', basis = 'review-statement' WHERE id = 'ssri-recruit-opioid-interneurons';
UPDATE finding SET locator = 'practice/p3', basis = 'review-statement' WHERE id = 'exercise-nociceptive-input-myofiber-damage';
UPDATE finding SET locator = 'practice/p2', basis = 'hypothesis' WHERE id = 'dysfunctional-ea-low-compliance-hypothesis';
UPDATE finding SET locator = 'practice/p4', basis = 'hypothesis' WHERE id = 'graded-exercise-for-central-sensitization-unproven';
UPDATE finding SET locator = 'practice/p6', basis = 'review-statement' WHERE id = 'cognitive-emotional-descending-facilitation';
UPDATE finding SET locator = 'drugs/p1', basis = 'review-statement' WHERE id = 'opioid-withdrawal-not-needed-rehabilitation';
UPDATE finding SET locator = 'drugs/p2', basis = 'review-statement' WHERE id = 'duloxetine-efficacy-fibromyalgia-osteoarthritis';
UPDATE finding SET locator = 'drugs/p3', basis = 'review-statement' WHERE id = 'acetaminophen-improves-peak-performance';
UPDATE finding SET locator = 'drugs/p3', basis = 'review-statement' WHERE id = 'acetaminophen-central-serotonergic-action';
UPDATE guideline SET locator = 'table-1/item-1' WHERE slug = 'exercise-fun-not-burden';
UPDATE guideline SET locator = 'table-1/item-2' WHERE slug = 'shared-decision-on-protocol';
UPDATE guideline SET locator = 'table-1/item-3' WHERE slug = 'aerobic-and-motor-control';
UPDATE guideline SET locator = 'table-1/item-4' WHERE slug = 'careful-with-eccentric';
UPDATE guideline SET locator = 'table-1/item-5' WHERE slug = 'exercise-non-painful-body-parts';
UPDATE guideline SET locator = 'table-1/item-6' WHERE slug = 'allow-transient-pain-avoid-increasing-trend';
UPDATE guideline SET locator = 'table-1/item-7' WHERE slug = 'time-contingent-with-baseline';
UPDATE guideline SET locator = 'table-1/item-8' WHERE slug = 'conservative-baseline';
UPDATE guideline SET locator = 'table-1/item-9' WHERE slug = 'long-recovery-breaks';
UPDATE guideline SET locator = 'table-1/item-10' WHERE slug = 'monitor-symptom-flares';
UPDATE guideline SET locator = 'table-1/item-11' WHERE slug = 'minor-flares-expected-early';
UPDATE guideline SET locator = 'table-1/item-12' WHERE slug = 'no-grading-on-major-flare';
UPDATE guideline SET locator = 'practice/p5' WHERE slug = 'prefer-aerobic-over-eccentric-isometric';
UPDATE guideline SET locator = 'practice/p5' WHERE slug = 'low-intensity-in-fibromyalgia';
UPDATE guideline SET locator = 'practice/p5' WHERE slug = 'exercise-non-painful-muscles-in-local-myalgia';
UPDATE guideline SET locator = 'practice/p6' WHERE slug = 'address-cognitive-emotional-sensitization';
UPDATE guideline SET locator = 'practice/p4' WHERE slug = 'tailor-to-prevent-flares';
UPDATE guideline SET locator = 'practice/p1' WHERE slug = 'keep-exercising-despite-dysfunctional-ea';
UPDATE guideline SET locator = 'drugs/p1' WHERE slug = 'research-opioids-with-early-graded-exercise';
UPDATE guideline SET locator = 'drugs/p2' WHERE slug = 'research-snri-with-graded-exercise';
UPDATE guideline SET locator = 'drugs/p3' WHERE slug = 'research-acetaminophen-with-exercise';
UPDATE ea_response SET locator = 'muscle-contraction/p2' WHERE condition_slug = 'fibromyalgia' AND exercise_type = 'isometric' AND site = 'any';
UPDATE ea_response SET locator = 'conclusion/p1' WHERE condition_slug = 'fibromyalgia' AND exercise_type = 'aerobic' AND site = 'any';
UPDATE ea_response SET locator = 'aerobic/p1' WHERE condition_slug = 'chronic-fatigue-syndrome' AND exercise_type = 'aerobic' AND site = 'any';
UPDATE ea_response SET locator = 'aerobic/p2' WHERE condition_slug = 'chronic-whiplash-associated-disorders' AND exercise_type = 'aerobic' AND site = 'any';
UPDATE ea_response SET locator = 'aerobic/p2' WHERE condition_slug = 'chronic-low-back-pain' AND exercise_type = 'aerobic' AND site = 'any';
UPDATE ea_response SET locator = 'muscle-contraction/p4' WHERE condition_slug = 'osteoarthritis' AND exercise_type = 'isometric' AND site = 'any';
UPDATE ea_response SET locator = 'muscle-contraction/p4' WHERE condition_slug = 'rheumatoid-arthritis' AND exercise_type = 'isometric' AND site = 'any';
UPDATE ea_response SET locator = 'muscle-contraction/p3' WHERE condition_slug = 'shoulder-myalgia' AND exercise_type = 'isometric' AND site = 'painful-region';
UPDATE ea_response SET locator = 'muscle-contraction/p3' WHERE condition_slug = 'shoulder-myalgia' AND exercise_type = 'isometric' AND site = 'non-painful-region';

-- Exercise therapy's effectiveness, one finding per condition with the references the review
-- gives for it, instead of one bundled finding: advice cites only the patient's conditions'
-- references, and says so where the review gives none. The bundled finding is retired
-- (tombstoned, so its key stays reserved).
INSERT INTO finding (id, title, summary, evidence_status, study_design, named_authors,
                     exercise_type, protocol, muscles, intensity, duration, measures, measurement_sites,
                     locator, basis, source_id) VALUES
    ('exercise-therapy-effective-chronic-low-back-pain', 'Chronic low back pain: exercise therapy is an effective treatment',
     'The review includes chronic low back pain among the chronic musculoskeletal pain disorders that exercise treats effectively, and calls this benefit evidence based (ref 9). It does not describe the cited work.',
     'published', 'Cited by the review; design not described', NULL,
     'exercise-therapy', 'Exercise therapy programmes', '[]', NULL, 'Long-term programmes', '["clinical outcomes"]', '[]',
     'introduction/p3', 'review-statement', 'nijs-2012-pain-physician'),
    ('exercise-therapy-effective-chronic-whiplash', 'Chronic whiplash associated disorders: exercise therapy is an effective treatment',
     'The review states that exercise is an effective treatment for chronic whiplash associated disorders, citing references 10 and 11, and holds that its clinical use should not be questioned. It describes neither reference.',
     'published', 'Cited by the review; design not described', NULL,
     'exercise-therapy', 'Exercise therapy programmes', '[]', NULL, 'Long-term programmes', '["clinical outcomes"]', '[]',
     'introduction/p3', 'review-statement', 'nijs-2012-pain-physician'),
    ('exercise-therapy-effective-osteoarthritis', 'Osteoarthritis: exercise therapy is an effective treatment',
     'The review states that exercise is an effective treatment for osteoarthritis. It cites reference 12 in the introduction and reference 48 in the practice section, and describes neither.',
     'published', 'Cited by the review; design not described', NULL,
     'exercise-therapy', 'Exercise therapy programmes', '[]', NULL, 'Long-term programmes', '["clinical outcomes"]', '[]',
     'introduction/p3', 'review-statement', 'nijs-2012-pain-physician'),
    ('exercise-therapy-effective-fibromyalgia', 'Fibromyalgia: exercise therapy is an effective treatment',
     'The review states that exercise is an effective treatment for fibromyalgia, citing references 13 and 14, and calls the benefit evidence based. It does not describe the cited work.',
     'published', 'Cited by the review; design not described', NULL,
     'exercise-therapy', 'Exercise therapy programmes', '[]', NULL, 'Long-term programmes', '["clinical outcomes"]', '[]',
     'introduction/p3', 'review-statement', 'nijs-2012-pain-physician'),
    ('exercise-therapy-effective-chronic-fatigue-syndrome', 'Chronic fatigue syndrome: exercise therapy is an effective treatment',
     'The review states that exercise is an effective treatment for chronic fatigue syndrome, citing references 61 and 62. It argues that the poor acute analgesic response in these patients does not contradict this clinical evidence.',
     'published', 'Cited by the review; design not described', NULL,
     'exercise-therapy', 'Exercise therapy programmes', '[]', NULL, 'Long-term programmes', '["clinical outcomes"]', '[]',
     'practice/p1', 'review-statement', 'nijs-2012-pain-physician'),
    ('exercise-therapy-effective-rheumatoid-arthritis', 'Rheumatoid arthritis: exercise therapy is an effective treatment',
     'The review states that exercise is an effective treatment for rheumatoid arthritis, citing reference 49, and does not describe that work.',
     'published', 'Cited by the review; design not described', NULL,
     'exercise-therapy', 'Exercise therapy programmes', '[]', NULL, 'Long-term programmes', '["clinical outcomes"]', '[]',
     'practice/p1', 'review-statement', 'nijs-2012-pain-physician'),
    ('exercise-therapy-effective-chronic-neck-pain', 'Chronic neck pain: exercise therapy is effective (abstract only, no reference)',
     'The abstract''s background names chronic neck pain among the chronic pain disorders that exercise treats effectively, with benefits it calls evidence based. No reference is given, and the body of the review does not discuss neck pain apart from whiplash.',
     'published', 'Statement of the abstract; no reference or study given', NULL,
     'exercise-therapy', 'Exercise therapy programmes', '[]', NULL, 'Long-term programmes', '["clinical outcomes"]', '[]',
     'abstract/p1', 'review-statement', 'nijs-2012-pain-physician');

INSERT INTO finding_reference (finding_id, ref_number) VALUES
    ('exercise-therapy-effective-chronic-low-back-pain', 9),
    ('exercise-therapy-effective-chronic-whiplash', 10), ('exercise-therapy-effective-chronic-whiplash', 11),
    ('exercise-therapy-effective-osteoarthritis', 12), ('exercise-therapy-effective-osteoarthritis', 48),
    ('exercise-therapy-effective-fibromyalgia', 13), ('exercise-therapy-effective-fibromyalgia', 14),
    ('exercise-therapy-effective-chronic-fatigue-syndrome', 61), ('exercise-therapy-effective-chronic-fatigue-syndrome', 62),
    ('exercise-therapy-effective-rheumatoid-arthritis', 49);

INSERT INTO finding_condition (finding_id, condition_slug) VALUES
    ('exercise-therapy-effective-chronic-low-back-pain', 'chronic-low-back-pain'),
    ('exercise-therapy-effective-chronic-whiplash', 'chronic-whiplash-associated-disorders'),
    ('exercise-therapy-effective-osteoarthritis', 'osteoarthritis'),
    ('exercise-therapy-effective-fibromyalgia', 'fibromyalgia'),
    ('exercise-therapy-effective-chronic-fatigue-syndrome', 'chronic-fatigue-syndrome'),
    ('exercise-therapy-effective-rheumatoid-arthritis', 'rheumatoid-arthritis'),
    ('exercise-therapy-effective-chronic-neck-pain', 'chronic-neck-pain');

INSERT INTO finding_result (finding_id, ordinal, population_slug, site, response, outcome) VALUES
    ('exercise-therapy-effective-chronic-low-back-pain', 0, 'chronic-low-back-pain-patients', 'any', NULL, 'Exercise therapy is an effective treatment (ref 9).'),
    ('exercise-therapy-effective-chronic-whiplash', 0, 'chronic-whiplash-patients', 'any', NULL, 'Exercise therapy is an effective treatment (refs 10, 11).'),
    ('exercise-therapy-effective-osteoarthritis', 0, 'osteoarthritis-patients', 'any', NULL, 'Exercise therapy is an effective treatment (refs 12, 48).'),
    ('exercise-therapy-effective-fibromyalgia', 0, 'fibromyalgia-patients', 'any', NULL, 'Exercise therapy is an effective treatment (refs 13, 14).'),
    ('exercise-therapy-effective-chronic-fatigue-syndrome', 0, 'chronic-fatigue-syndrome-patients', 'any', NULL, 'Exercise therapy is an effective treatment (refs 61, 62).'),
    ('exercise-therapy-effective-rheumatoid-arthritis', 0, 'rheumatoid-arthritis-patients', 'any', NULL, 'Exercise therapy is an effective treatment (ref 49).'),
    ('exercise-therapy-effective-chronic-neck-pain', 0, 'chronic-neck-pain-patients', 'any', NULL, 'Named as treated effectively by exercise, without a reference.');

DELETE FROM guideline_finding WHERE finding_id = 'exercise-therapy-clinical-benefit';
INSERT INTO guideline_finding (guideline_slug, finding_id)
SELECT 'keep-exercising-despite-dysfunctional-ea', id FROM finding WHERE id GLOB 'exercise-therapy-effective-*';
UPDATE finding SET deleted_at = '2026-11-30T00:00:00.000Z', version = version + 1,
    study_design = 'Cited for effectiveness; design not described'
WHERE id = 'exercise-therapy-clinical-benefit' AND deleted_at IS NULL;

-- Knowledge release 2.0.0: the advice changed (docs/knowledge-changelog.md).
UPDATE kb_meta SET semver = '2.0.0', updated_at = '2026-11-30T00:00:00.000Z';
