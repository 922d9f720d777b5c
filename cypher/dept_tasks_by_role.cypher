// A department's tasks by role: every task the body leads (牵头), is responsible for (负责)
// or takes part in (参与), with its deadline and the sentence it was read from.
// param dept: 区商务局
MATCH (a:Actor {name: $dept})-[r:`牵头`|`负责`|`参与`]->(t:Task)
RETURN type(r) AS role, t.doc AS doc, t.text AS task, t.deadline AS deadline,
       t.section AS section, r.sentence AS evidence
ORDER BY role, doc, t.order
