-- The blend weights a run learned on the database's own history (`crmreco recommend --learned-weights`), as a JSON
-- object of source name to weight ({"mf":0.2,...}, names of BlendWeights.Names); NULL: every customer with history
-- was blended with their scenario's weights. The debug view shows the weights the run used (docs/dashboard.md).
ALTER TABLE recommendation_runs ADD COLUMN learned_weights text;
