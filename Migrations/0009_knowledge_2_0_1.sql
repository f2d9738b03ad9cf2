-- Knowledge release 2.0.1 (docs/knowledge-changelog.md): wording that said more than the review,
-- found by a third clinical read (2026-12-07). PostgreSQL applies this same file after its 2.0.0
-- seed (PostgresMigrator), so it holds only statements both dialects run alike.

-- Guideline: the fibromyalgia part of the study, as the review reports it (ref 39).
UPDATE guideline SET
    rationale = 'Exercising non-painful muscles activated generalised analgesia in shoulder myalgia, whereas exercising the painful muscle did not (one study, ref 39). For other conditions this item is clinical reasoning: in fibromyalgia, in the same study, neither the quadriceps nor the infraspinatus contraction raised pain thresholds at any site.',
    version = version + 1
WHERE slug = 'exercise-non-painful-body-parts';

-- Guideline: Table 1, item 7 as written, without a gloss on the day's pain (as rule R11 says it).
UPDATE guideline SET
    advice = 'Use a time-contingent approach with an appropriate baseline.',
    version = version + 1
WHERE slug = 'time-contingent-with-baseline';

-- Finding: the review gives release times (one hour; 10 to 40 minutes), not "only after prolonged exercise".
UPDATE finding SET
    title = 'Beta-endorphin and growth hormone are released after a certain span of exercise',
    version = version + 1
WHERE id = 'endorphin-growth-hormone-release-timing';

-- Code caveats: the 3-month threshold is a common definition of chronic pain, not the review's.
UPDATE condition SET version = version + 1
WHERE slug IN (SELECT condition_slug FROM condition_code WHERE caveat LIKE '%3 months%');
UPDATE condition_code SET
    caveat = caveat || ' The 3-month threshold is a common definition of chronic pain; the review gives none.'
WHERE caveat LIKE '%3 months%';

UPDATE kb_meta SET semver = '2.0.1', updated_at = '2026-12-07T00:00:00.000Z';
