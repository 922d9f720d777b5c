// The branches and units of a body (市公安局 → 市公安局刑侦支队; 规划局 → 规划分局), each with its tasks.
// param dept: 市公安局
MATCH (u:Actor)-[:PART_OF]->(b:Actor {name: $dept})
OPTIONAL MATCH (u)-[r:`牵头`|`负责`|`参与`]->(t:Task)
RETURN u.name AS unit, type(r) AS role, t.text AS task, t.doc AS doc
ORDER BY unit, doc, t.order
