// The bodies of one level of government (国家, 省, 市, 区, 县, 镇 …) with how many tasks each holds by role:
// 区发改局 and 市发改委 are two bodies, so a district's list never takes the city's tasks.
// param level: 区
MATCH (a:Actor {level: $level})
OPTIONAL MATCH (a)-[r:`牵头`|`负责`|`参与`]->(t:Task)
WITH a, count(CASE WHEN type(r) = '牵头' THEN 1 END) AS leads,
     count(CASE WHEN type(r) = '负责' THEN 1 END) AS responsible,
     count(CASE WHEN type(r) = '参与' THEN 1 END) AS assists
RETURN a.name AS body, a.place AS place, leads, responsible, assists
ORDER BY leads + responsible + assists DESC, body
