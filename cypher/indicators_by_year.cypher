// The indicators and their targets by year: every value stated of an indicator
// (kind target or actual), with its year, period, growth or amount and the sentence it comes from.
// param year: 2020
// param kind: target
MATCH (i:Indicator)-[:HAS_MEASURE]->(m:Measure)
WHERE ($year IS NULL OR m.year = $year) AND ($kind IS NULL OR m.kind = $kind)
OPTIONAL MATCH (m)-[:MENTIONED_IN]->(s:Sentence)
RETURN m.year AS year, i.name AS indicator, m.kind AS kind, m.value AS value, m.number AS number,
       m.unit AS unit, m.period AS period, m.qualifier AS qualifier, s.doc AS doc, s.text AS evidence
ORDER BY year, indicator, doc
