// Tasks without any responsible body: tasks no body leads (牵头), is responsible for (负责)
// or takes part in (参与), with the sentence they were read from.
// param doc: null
MATCH (t:Task)
WHERE ($doc IS NULL OR t.doc = $doc)
  AND NOT EXISTS { MATCH (:Actor)-[:`牵头`|`负责`|`参与`]->(t) }
RETURN t.doc AS doc, t.text AS task, t.deadline AS deadline, t.section AS section, t.sentence AS evidence
ORDER BY doc, t.order
