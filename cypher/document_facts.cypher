// Every fact of one document with its evidence: who (body) holds which role on which task,
// with the deadline, the section and the sentence as written and its character offsets.
// param doc: 000_4cb1776f1e65bea3
MATCH (a:Actor)-[r:`牵头`|`负责`|`参与`]->(t:Task)
WHERE r.doc = $doc
RETURN a.name AS body, type(r) AS role, t.text AS task, t.deadline AS deadline, t.deadline_norm AS due,
       r.section AS section, r.sentence AS evidence, r.start AS start, r.end AS end, r.mention AS written
ORDER BY t.order, role, body
