// A project's 推进 chain: the tasks and bodies that push a project forward (推进) or concern it (涉及),
// and the bodies named on those tasks with their roles. The project is matched by part of its name.
// param project: 产业化基地
MATCH (p:Project)
WHERE p.name CONTAINS $project
MATCH (x)-[link:`推进`|`涉及`]->(p)
OPTIONAL MATCH (a:Actor)-[r:`牵头`|`负责`|`参与`]->(x)
RETURN p.name AS project, type(link) AS link, coalesce(x.text, x.name) AS step,
       a.name AS body, type(r) AS role, x.deadline AS deadline, x.doc AS doc
ORDER BY project, doc, step, role
