// The deadlines due in a period: tasks whose normalised deadline (YYYY-MM-DD) falls between
// $from and $to inclusive, with the bodies and roles named on them; $dept (or null) narrows to one body,
// e.g. what 商务局 owes by the year end.
// param from: 2020-01-01
// param to: 2020-12-31
// param dept: null
MATCH (t:Task)
WHERE t.deadline_norm >= $from AND t.deadline_norm <= $to
OPTIONAL MATCH (a:Actor)-[r:`牵头`|`负责`|`参与`]->(t)
WITH t, a, r
WHERE $dept IS NULL OR a.name = $dept
RETURN t.deadline_norm AS due, t.deadline AS deadline, a.name AS body, type(r) AS role, t.text AS task, t.doc AS doc
ORDER BY due, doc, t.order, role, body
