// The tasks a department leads (牵头), each with the bodies that take part in it (参与)
// and the bodies responsible for it (负责), in name order.
// param dept: 区工商联
MATCH (a:Actor {name: $dept})-[:`牵头`]->(t:Task)
OPTIONAL MATCH (p:Actor)-[:`参与`]->(t)
WITH t, p ORDER BY p.name
WITH t, collect(DISTINCT p.name) AS partners
OPTIONAL MATCH (o:Actor)-[:`负责`]->(t)
WITH t, partners, o ORDER BY o.name
WITH t, partners, collect(DISTINCT o.name) AS responsible
RETURN t.doc AS doc, t.text AS task, partners, responsible, t.deadline AS deadline, t.sentence AS evidence
ORDER BY doc, t.order
