// Bodies sharing the most tasks: pairs of bodies named on the same tasks (in any role),
// with how many tasks they share and an example of one.
// param limit: 20
MATCH (a:Actor)-[:`牵头`|`负责`|`参与`]->(t:Task)<-[:`牵头`|`负责`|`参与`]-(b:Actor)
WHERE a.name < b.name
WITH a, b, collect(DISTINCT t) AS tasks
RETURN a.name AS body, b.name AS partner, size(tasks) AS shared, tasks[0].text AS example
ORDER BY shared DESC, body, partner
LIMIT $limit
