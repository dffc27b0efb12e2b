-- The risk weights file weighs every severity that findings at head carry (dimension finding), non-negatively.
SELECT DISTINCT x.severity, w.weight FROM mart_findings_head x
LEFT JOIN ref_risk_weights w ON w.dimension = 'finding' AND w."key" = x.severity
WHERE w.weight IS NULL OR w.weight < 0;
