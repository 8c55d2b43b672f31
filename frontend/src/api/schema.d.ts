/**
 * Generated from the service's /openapi.json by scripts/api-types.mjs: do not edit.
 * Regenerate with `npm run api:types`; `npm run api:check` fails when this file is stale.
 */

export interface paths {
    "/ab_tests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Tests
         * @description The running tests (``status=all``: stopped ones too), each with its variants.
         */
        get: operations["list_tests_ab_tests_get"];
        put?: never;
        /**
         * Create Test
         * @description Variants omitted: control = `cf` (v1), treatment = `content` (v2), 50/50. The decision
         *     plan (primary metric, rule, minimum detectable effect, ...) is declared here.
         */
        post: operations["create_test_ab_tests_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Test
         * @description One test: its variants and weights, decision plan and status.
         */
        get: operations["get_test_ab_tests__test_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/analysis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Analysis
         * @description The statistical tests per metric (the declared primary first), user-level, with the
         *     sample-ratio check and the declared plan.
         */
        get: operations["analysis_ab_tests__test_id__analysis_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Assignment
         * @description The user's variant, stored on first lookup so it stays when weights change. A lookup
         *     does not expose the user: only a list served under the test does.
         */
        get: operations["get_assignment_ab_tests__test_id__assignments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/interleaving": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Interleaving Analysis
         * @description An interleaving test's decision: clicks credited to the ranker that placed the item,
         *     lists won per ranker, and the sign test.
         */
        get: operations["interleaving_analysis_ab_tests__test_id__interleaving_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/metrics_over_time": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metrics Over Time
         * @description Per variant and day (or hour): impressions, clicks, CTR, attributed purchases and
         *     revenue, for the trend charts.
         */
        get: operations["metrics_over_time_ab_tests__test_id__metrics_over_time_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/phases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Phases Of
         * @description The test split by phase: a model retrained mid-test starts a new one.
         */
        get: operations["phases_of_ab_tests__test_id__phases_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Replay
         * @description Offline replay: IPS and SNIPS estimates, with intervals, of the CTR (clicks per list)
         *     the strategy would have had on this test's logged traffic, from the propensities the
         *     assignment (and the bandit) recorded.
         */
        get: operations["replay_ab_tests__test_id__replay_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Results
         * @description Per variant: users assigned and exposed, impressions, attributed clicks, add-to-carts
         *     and purchases, CTR, conversion, engagement, revenue; CTR by rank; serving health.
         */
        get: operations["results_ab_tests__test_id__results_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/statistical_analysis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Statistical Analysis
         * @description The full analysis with the verdict of the declared rule on the declared primary
         *     metric, in plain language.
         */
        get: operations["statistical_analysis_ab_tests__test_id__statistical_analysis_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop Test
         * @description Stop serving variants (users get the default strategy); the data stays.
         */
        post: operations["stop_test_ab_tests__test_id__stop_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ab_tests/{test_id}/weights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set Weights
         * @description New users follow the new weights; users already assigned keep their variant.
         */
        put: operations["set_weights_ab_tests__test_id__weights_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/evaluation/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Runs
         * @description The newest runs first (at most 50), finished or not; they outlive restarts.
         */
        get: operations["list_runs_evaluation_runs_get"];
        put?: never;
        /**
         * Start Run
         * @description Queues the protocol of EVALUATION.md (clicks, add-to-carts and purchases are the
         *     positives) for the named strategies; the builder's job process runs it. Poll the id.
         */
        post: operations["start_run_evaluation_runs_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/evaluation/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Run
         * @description One run: its state and progress while it runs, then every strategy's figures.
         */
        get: operations["get_run_evaluation_runs__run_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health
         * @description Each backend's live state. 200 while the service can answer (the cache may be
         *     ``degraded``: Redis down, answers from the in-process cache); 503 when the storage is
         *     down. The compose file's health check calls this.
         */
        get: operations["health_health_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description The process answers (touches no storage): for liveness probes, and the load
         *     benchmark's floor: what any request costs in this stack.
         */
        get: operations["liveness_health_live_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description For readiness probes and load balancers: the same answer as ``/health``.
         */
        get: operations["readiness_health_ready_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/interactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log Interaction
         * @description Record one shopper event (view, click, add_to_cart, purchase, not_interested). With
         *     an ``impression_id`` from a list served under a test, it is credited to that variant.
         *     The acting user's next recommendations take it into account; an ``event_id`` seen
         *     before answers 200 with the first record and counts once.
         */
        post: operations["log_interaction_interactions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/interactions/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log Interactions
         * @description Record up to 10,000 events in one transaction (a bulk load or a replay): all of
         *     them or, when any names an unknown item, none (422, one entry per row).
         */
        post: operations["log_interactions_interactions_batch_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Items
         * @description The catalogue a page at a time, optionally one category, with the total.
         */
        get: operations["list_items_items_get"];
        put?: never;
        /**
         * Create Item
         * @description Add one item to the catalogue; it can be recommended (by content, and as a new
         *     item) at once. An id already in the catalogue is a 409.
         */
        post: operations["create_item_items_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Item
         * @description One item; 404 when it is not in the catalogue.
         */
        get: operations["get_item_items__item_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{item_id}/similar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Similar Items
         * @description Items like this one ("similar items" on a product page): by default content and
         *     co-occurrence blended on normalised scores; never the item itself.
         */
        get: operations["similar_items_items__item_id__similar_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{item_id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Item Stats
         * @description How shoppers met this item: events by type, distinct users, revenue.
         */
        get: operations["get_item_stats_items__item_id__stats_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Items
         * @description Add up to 10,000 items in one transaction: all of them, or none when any id is
         *     already in the catalogue (409, naming them).
         */
        post: operations["create_items_items_batch_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/popular": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Popular Items
         * @description Trending items (the ``popular`` strategy, re-ranked and paged like every list), with
         *     the category, price and exclude filters; with ``segment``, the items most bought by
         *     shoppers of that spending quartile.
         */
        get: operations["popular_items_items_popular_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Model Status
         * @description The live model: version, full rebuilds so far, events taken in since the last build.
         */
        get: operations["model_status_model_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recommendations
         * @description Any registered strategy by name (the configured default when none is named), or,
         *     with ``test_id``, the user's variant in that test (logging one impression).
         *
         *     Without ``user_id``: ``item_id`` ("people who view this also like") or
         *     ``recent_items`` (an anonymous session); with it as well, the user's items stay out and
         *     their price rules apply. Every list is re-ranked (``buy_again``, ``upsell``,
         *     ``price_ratio``, ``price_demotion``, ``diversity``, ``candidates``) and paged by
         *     ``offset`` or by the ``next_cursor`` of the previous page.
         */
        get: operations["recommendations_recommendations_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recommendations/v1": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recommendations V1
         * @description User-based collaborative filtering, then the cold-item fill (at most n more).
         */
        get: operations["recommendations_v1_recommendations_v1_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recommendations/v2": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recommendations V2
         * @description Content-based: TF-IDF + category, with the cold-user fallback.
         */
        get: operations["recommendations_v2_recommendations_v2_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/seed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Seed
         * @description Reset the database and load the sample data (50 users, 20 items, 7 days of events).
         */
        post: operations["seed_seed_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/seed/clear": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Clear
         * @description Remove all data: catalog, users, events, tests.
         */
        post: operations["clear_seed_clear_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/strategies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Strategies
         * @description Every registered strategy with what it does, and the default for /recommendations.
         */
        get: operations["strategies_strategies_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Users
         * @description Users who have acted, a page at a time, with their event counts and first and last
         *     seen; users exist once they send an event.
         */
        get: operations["list_users_users_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{user_id}/interactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * User History
         * @description Newest first. An unknown user has an empty history (users exist once they act).
         */
        get: operations["user_history_users__user_id__interactions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{user_id}/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * User Profile
         * @description Spending segment, totals, average price, last purchase and top categories. An
         *     unknown user has an empty profile (users exist once they act).
         */
        get: operations["user_profile_users__user_id__profile_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AbAnalysis */
        AbAnalysis: {
            /** Adaptive */
            adaptive: boolean;
            /** Allocation */
            allocation: components["schemas"]["VariantAllocationPublic"][];
            /** Alpha */
            alpha: number;
            /** Control */
            control: string;
            /**
             * Decision Method
             * @description The rule read: sequential, fixed_horizon, bayesian
             */
            decision_method: string;
            /**
             * Metrics
             * @description The primary metric first
             */
            metrics: components["schemas"]["MetricAnalysisPublic"][];
            plan: components["schemas"]["PlanPublic"];
            /**
             * Primary Metric
             * @enum {string}
             */
            primary_metric: "ctr" | "conversion" | "revenue" | "engagement";
            sample_ratio: components["schemas"]["SampleRatioPublic"];
            /** Test Id */
            test_id: number;
        } & {
            [key: string]: unknown;
        };
        /** AbResults */
        AbResults: {
            /**
             * Allocations
             * @description Every allocation the test had; more than one means traffic was not fixed
             */
            allocations: components["schemas"]["AllocationPublic"][];
            /** Attribution Window Hours */
            attribution_window_hours: number;
            /**
             * Mode
             * @enum {string}
             */
            mode: "fixed" | "adaptive" | "interleaving";
            /** Name */
            name: string;
            /**
             * Status
             * @enum {string}
             */
            status: "active" | "stopped";
            /** Test Id */
            test_id: number;
            /** Variants */
            variants: components["schemas"]["VariantResults"][];
        };
        /** AbStatisticalAnalysis */
        AbStatisticalAnalysis: {
            /** Adaptive */
            adaptive: boolean;
            /** Allocation */
            allocation: components["schemas"]["VariantAllocationPublic"][];
            /** Alpha */
            alpha: number;
            /** Control */
            control: string;
            /**
             * Decision Method
             * @description The rule read: sequential, fixed_horizon, bayesian
             */
            decision_method: string;
            /**
             * Metrics
             * @description The primary metric first
             */
            metrics: components["schemas"]["MetricAnalysisPublic"][];
            /** Notes */
            notes: string[];
            plan: components["schemas"]["PlanPublic"];
            /**
             * Primary Metric
             * @enum {string}
             */
            primary_metric: "ctr" | "conversion" | "revenue" | "engagement";
            sample_ratio: components["schemas"]["SampleRatioPublic"];
            /**
             * Status
             * @enum {string}
             */
            status: "active" | "stopped";
            /** Test Id */
            test_id: number;
            /** Test Name */
            test_name: string;
            verdict: components["schemas"]["VerdictPublic"];
        } & {
            [key: string]: unknown;
        };
        /**
         * AbTestCreate
         * @example {
         *       "name": "homepage: hybrid vs cf",
         *       "primary_metric": "ctr",
         *       "variants": [
         *         {
         *           "name": "control",
         *           "strategy": "cf",
         *           "weight": 0.5
         *         },
         *         {
         *           "name": "treatment",
         *           "strategy": "hybrid",
         *           "weight": 0.5
         *         }
         *       ]
         *     }
         */
        AbTestCreate: {
            /**
             * Alpha
             * @description False-positive rate
             * @default 0.05
             */
            alpha?: number;
            /**
             * Decision Rule
             * @description sequential: always valid, read it any day; fixed_horizon: decide once, when the planned users per variant are in
             * @default sequential
             * @enum {string}
             */
            decision_rule?: "sequential" | "fixed_horizon";
            /**
             * Description
             * @default
             */
            description?: string;
            /**
             * Guardrail Metrics
             * @description Metrics that must not get worse; reported, never decisive
             */
            guardrail_metrics?: ("ctr" | "conversion" | "revenue" | "engagement")[];
            /**
             * Layer
             * @description Tests in one layer never share a user
             */
            layer?: string | null;
            /**
             * Layer Traffic
             * @description The share of the layer's users this test takes
             * @default 1
             */
            layer_traffic?: number;
            /**
             * Minimum Detectable Effect
             * @description The smallest relative lift worth finding (0.05 = 5 %)
             * @default 0.05
             */
            minimum_detectable_effect?: number;
            /**
             * Mode
             * @description fixed: the MD5 split; adaptive: Thompson sampling moves the weights; interleaving: every list merges the two variants' rankings (team draft)
             * @default fixed
             * @enum {string}
             */
            mode?: "fixed" | "adaptive" | "interleaving";
            /** Name */
            name: string;
            /**
             * Planned Duration Days
             * @description How long the test is meant to run
             * @default 14
             */
            planned_duration_days?: number;
            /**
             * Planned Users Per Variant
             * @description Fixes the plan; omitted: derived from the minimum detectable effect, power, alpha, the allocation and the control's observed spread
             */
            planned_users_per_variant?: number | null;
            /**
             * Power
             * @description Chance to find that lift
             * @default 0.8
             */
            power?: number;
            /**
             * Primary Metric
             * @description The one metric the verdict decides on
             * @default ctr
             * @enum {string}
             */
            primary_metric?: "ctr" | "conversion" | "revenue" | "engagement";
            /**
             * Variants
             * @description Two to 10, in order; omitted: control = cf, treatment = content, 50/50
             */
            variants?: components["schemas"]["VariantCreate"][] | null;
        };
        /** AbTestPublic */
        AbTestPublic: {
            /**
             * Alpha
             * @description False-positive rate
             * @default 0.05
             */
            alpha?: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Decision Rule
             * @description sequential: always valid, read it any day; fixed_horizon: decide once, when the planned users per variant are in
             * @default sequential
             * @enum {string}
             */
            decision_rule?: "sequential" | "fixed_horizon";
            /** Description */
            description: string;
            /**
             * Guardrail Metrics
             * @description Metrics that must not get worse; reported, never decisive
             */
            guardrail_metrics?: ("ctr" | "conversion" | "revenue" | "engagement")[];
            /** Id */
            id: number;
            /** Layer */
            layer: string | null;
            /** Layer Traffic */
            layer_traffic: number | null;
            /**
             * Minimum Detectable Effect
             * @description The smallest relative lift worth finding (0.05 = 5 %)
             * @default 0.05
             */
            minimum_detectable_effect?: number;
            /**
             * Mode
             * @enum {string}
             */
            mode: "fixed" | "adaptive" | "interleaving";
            /** Name */
            name: string;
            /**
             * Planned Duration Days
             * @description How long the test is meant to run
             * @default 14
             */
            planned_duration_days?: number;
            /**
             * Planned Users Per Variant
             * @description Fixes the plan; omitted: derived from the minimum detectable effect, power, alpha, the allocation and the control's observed spread
             */
            planned_users_per_variant?: number | null;
            /**
             * Power
             * @description Chance to find that lift
             * @default 0.8
             */
            power?: number;
            /**
             * Primary Metric
             * @description The one metric the verdict decides on
             * @default ctr
             * @enum {string}
             */
            primary_metric?: "ctr" | "conversion" | "revenue" | "engagement";
            /**
             * Status
             * @enum {string}
             */
            status: "active" | "stopped";
            /** Stopped At */
            stopped_at: string | null;
            /** Variants */
            variants: components["schemas"]["VariantPublic"][];
        };
        /** AbTestsPublic */
        AbTestsPublic: {
            /** Tests */
            tests: components["schemas"]["AbTestPublic"][];
        };
        /** AllocationPublic */
        AllocationPublic: {
            /**
             * Decided At
             * Format: date-time
             */
            decided_at: string;
            /** Source */
            source: string;
            /** Weights */
            weights: {
                [key: string]: number;
            };
        };
        /** ArmValuePublic */
        ArmValuePublic: {
            /** Ci High */
            ci_high: number | null;
            /** Ci Low */
            ci_low: number | null;
            /** Reason */
            reason?: string | null;
            /** Users */
            users: number;
            /** Value */
            value: number | null;
            /** Variant */
            variant: string;
        } & {
            [key: string]: unknown;
        };
        /** ArtefactStatus */
        ArtefactStatus: {
            /** Created At */
            created_at: number;
            /**
             * Position
             * @description The highest interaction id the artefact was built from
             */
            position: number;
            /**
             * Version
             * @description The builder's artefact version: the same on every worker
             */
            version: number;
        };
        /** AssignmentPublic */
        AssignmentPublic: {
            /**
             * Assigned Variant
             * @description The variant the user was in, kept after the test stops (then `variant` is null: a stopped test serves no one)
             */
            assigned_variant?: string | null;
            /**
             * Strategy
             * @description The strategy the user is served under this test
             */
            strategy: string;
            /** Test Id */
            test_id: number;
            /** User Id */
            user_id: string;
            /**
             * Variant
             * @description null: the test is stopped or its layer leaves the user out
             */
            variant: string | null;
        };
        /** BackendState */
        BackendState: {
            /**
             * Backend
             * @description sqlite, postgresql, memory or redis
             */
            backend: string;
            /**
             * Reason
             * @description Why it is not ok, in a sentence
             */
            reason?: string | null;
            /**
             * State
             * @enum {string}
             */
            state: "ok" | "degraded" | "down";
        };
        /** BatchAccepted */
        BatchAccepted: {
            /** Accepted */
            accepted: number;
            /** Duplicates */
            duplicates: number;
        };
        /** BayesianPublic */
        BayesianPublic: {
            /** Credible Interval High */
            credible_interval_high: number | null;
            /** Credible Interval Low */
            credible_interval_low: number | null;
            /**
             * Credible Interval Low Clipped
             * @description true when the interval reached below -100 % and its low end was cut to -1 (a relative lift cannot go lower)
             * @default false
             */
            credible_interval_low_clipped?: boolean;
            /** Expected Loss If Keep Control */
            expected_loss_if_keep_control: number | null;
            /** Expected Loss If Ship Treatment */
            expected_loss_if_ship_treatment: number | null;
            /** Posterior Mean */
            posterior_mean: number | null;
            /** Posterior Sd */
            posterior_sd: number | null;
            /** Probability Treatment Beats Control */
            probability_treatment_beats_control: number | null;
        } & {
            [key: string]: unknown;
        };
        /** CategoryCount */
        CategoryCount: {
            /** Category */
            category: string;
            /**
             * Events
             * @description The user's events (not_interested aside) in it
             */
            events: number;
        };
        /**
         * ComparisonPublic
         * @description Treatment against control on one metric; a figure the data cannot support is null
         *     and ``reason`` names why.
         */
        ComparisonPublic: {
            /** Adjustment Method */
            adjustment_method?: string | null;
            bayesian?: components["schemas"]["BayesianPublic"] | null;
            /** Ci High */
            ci_high?: number | null;
            /** Ci Low */
            ci_low?: number | null;
            /** Cohens D */
            cohens_d?: number | null;
            /** Cohens H */
            cohens_h?: number | null;
            /** Control */
            control: string;
            /** Control Value */
            control_value?: number | null;
            cuped?: components["schemas"]["CupedPublic"] | null;
            /** Decision Basis */
            decision_basis?: string | null;
            /** Decision P Value */
            decision_p_value?: number | null;
            /** Decision P Value Adjusted */
            decision_p_value_adjusted?: number | null;
            /** Degrees Of Freedom */
            degrees_of_freedom?: number | null;
            /**
             * Difference
             * @description treatment - control
             */
            difference?: number | null;
            event_level_chi_square?: components["schemas"]["EventLevelChiSquarePublic"] | null;
            /** Metric */
            metric: string;
            /** P Value */
            p_value?: number | null;
            /** Reason */
            reason?: string | null;
            /** Reason Detail */
            reason_detail?: string | null;
            relative_lift?: components["schemas"]["RelativeLiftPublic"] | null;
            sample_size?: components["schemas"]["SampleSizePublic"] | null;
            sequential?: components["schemas"]["SequentialPublic"] | null;
            /** Significant */
            significant?: boolean | null;
            /** Standard Error */
            standard_error?: number | null;
            /** Treatment */
            treatment: string;
            /** Treatment Value */
            treatment_value?: number | null;
        } & {
            [key: string]: unknown;
        };
        /** CupedPublic */
        CupedPublic: {
            /** Theta */
            theta: number;
            /** Unadjusted Ci High */
            unadjusted_ci_high?: number | null;
            /** Unadjusted Ci Low */
            unadjusted_ci_low?: number | null;
            /** Unadjusted Difference */
            unadjusted_difference?: number | null;
            /** Variance Reduction Control */
            variance_reduction_control: number | null;
            /** Variance Reduction Treatment */
            variance_reduction_treatment: number | null;
        } & {
            [key: string]: unknown;
        };
        /** Error */
        Error: {
            /** Detail */
            detail: string;
        };
        /**
         * EvaluationRunCreate
         * @example {
         *       "strategies": [
         *         "popular",
         *         "cf",
         *         "hybrid"
         *       ]
         *     }
         */
        EvaluationRunCreate: {
            /**
             * Max Users
             * @description Rank only this many users (in id order): a quick look
             */
            max_users?: number | null;
            /**
             * Strategies
             * @description Registered strategy names; every registered strategy when omitted
             */
            strategies?: string[] | null;
        };
        /** EvaluationRunPublic */
        EvaluationRunPublic: {
            /** Created At */
            created_at: number;
            /**
             * Data
             * @description Positives, eligible users and the split's sizes
             */
            data: {
                [key: string]: number;
            };
            /** Error */
            error: string | null;
            /** Finished At */
            finished_at: number | null;
            /** Id */
            id: string;
            /** Max Users */
            max_users: number | null;
            /** Progress */
            progress: number;
            /**
             * Results
             * @description Per strategy, once the run is done
             */
            results: components["schemas"]["StrategyMetrics"][];
            /**
             * Stage
             * @description What the run is doing: `queued`, `cf: rank`, `done` ...
             */
            stage: string;
            /**
             * Status
             * @enum {string}
             */
            status: "running" | "done" | "failed";
            /** Strategies */
            strategies: string[];
        };
        /** EvaluationRunsPublic */
        EvaluationRunsPublic: {
            /**
             * Runs
             * @description Newest first
             */
            runs: components["schemas"]["EvaluationRunPublic"][];
        };
        /** EventLevelChiSquarePublic */
        EventLevelChiSquarePublic: {
            /** Chi Square */
            chi_square: number | null;
            /** Chi Square Yates */
            chi_square_yates: number | null;
            /** Note */
            note: string;
            /** P Value */
            p_value: number | null;
            /** P Value Yates */
            p_value_yates: number | null;
        } & {
            [key: string]: unknown;
        };
        /** FiltersPublic */
        FiltersPublic: {
            /** Category */
            category: string[];
            /** Exclude */
            exclude: string[];
            /** Max Price */
            max_price: number | null;
            /** Min Price */
            min_price: number | null;
        };
        /** Health */
        Health: {
            /** Backends */
            backends: {
                [key: string]: components["schemas"]["BackendState"];
            };
            /**
             * Cache
             * @description The cache backend configured: memory or redis
             */
            cache: string;
            /**
             * Model Version
             * @description The builder's artefact this worker serves (None: fitted here)
             */
            model_version?: number | null;
            /**
             * Status
             * @description The worst state of any backend
             * @enum {string}
             */
            status: "ok" | "degraded" | "down";
            /**
             * Storage
             * @description The storage backend in use: sqlite or postgresql
             */
            storage: string;
            /** Version */
            version: string;
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][] | string;
        };
        /**
         * InteractionCreate
         * @example {
         *       "event_id": "order-1001-line-1",
         *       "event_type": "purchase",
         *       "item_id": "elec-001",
         *       "revenue": 199,
         *       "timestamp": "2026-11-30T14:05:00Z",
         *       "user_id": "user-001"
         *     }
         */
        InteractionCreate: {
            /** Engagement Seconds */
            engagement_seconds?: number | null;
            /** Event Id */
            event_id?: string | null;
            /**
             * Event Type
             * @enum {string}
             */
            event_type: "view" | "click" | "add_to_cart" | "purchase" | "not_interested";
            /**
             * Impression Id
             * @description Attributes the event
             */
            impression_id?: string | null;
            /**
             * Item Id
             * @description 1-64 characters from A-Z a-z 0-9 . _ : -
             * @example elec-001
             */
            item_id: string;
            /** Revenue */
            revenue?: number | null;
            /**
             * Timestamp
             * @description ISO-8601; without a zone it is read as UTC; absent = now
             */
            timestamp?: string | null;
            /**
             * User Id
             * @description 1-64 characters from A-Z a-z 0-9 . _ : -
             * @example user-001
             */
            user_id: string;
        };
        /** InteractionPublic */
        InteractionPublic: {
            /** Engagement Seconds */
            engagement_seconds: number | null;
            /** Event Id */
            event_id: string;
            /** Event Type */
            event_type: string;
            /** Impression Id */
            impression_id: string | null;
            /** Item Id */
            item_id: string;
            /** Revenue */
            revenue: number | null;
            /**
             * Timestamp
             * Format: date-time
             */
            timestamp: string;
            /** User Id */
            user_id: string;
        };
        /**
         * InteractionsBatch
         * @example {
         *       "interactions": [
         *         {
         *           "event_type": "view",
         *           "item_id": "elec-001",
         *           "user_id": "user-001"
         *         },
         *         {
         *           "event_type": "add_to_cart",
         *           "item_id": "book-002",
         *           "user_id": "user-002"
         *         }
         *       ]
         *     }
         */
        InteractionsBatch: {
            /** Interactions */
            interactions: components["schemas"]["InteractionCreate"][];
        };
        /** InterleavingPublic */
        InterleavingPublic: {
            /** Alpha */
            alpha: number;
            /** Decided */
            decided: boolean;
            /** Leader */
            leader: string | null;
            /** Lists */
            lists: number;
            /** Lists With Clicks */
            lists_with_clicks: number;
            /**
             * P Value
             * @description Two-sided sign test on the lists won
             */
            p_value: number | null;
            /** Rankers */
            rankers: components["schemas"]["RankerCreditPublic"][];
            /** Test Id */
            test_id: number;
            /** Text */
            text: string;
            /**
             * Ties
             * @description Lists with clicks split evenly: no preference
             */
            ties: number;
        };
        /**
         * ItemCreate
         * @example {
         *       "category": "electronics",
         *       "description": "Bluetooth earbuds with a charging case",
         *       "item_id": "elec-006",
         *       "price": 89,
         *       "title": "Wireless Earbuds"
         *     }
         */
        ItemCreate: {
            /** Category */
            category: string;
            /**
             * Description
             * @default
             */
            description?: string;
            /**
             * Item Id
             * @description 1-64 characters from A-Z a-z 0-9 . _ : -
             * @example elec-001
             */
            item_id: string;
            /** Price */
            price?: number | null;
            /** Title */
            title: string;
        };
        /**
         * ItemPublic
         * @example {
         *       "category": "electronics",
         *       "created_at": "2026-12-01T09:30:00Z",
         *       "description": "Bluetooth earbuds with a charging case",
         *       "item_id": "elec-006",
         *       "price": 89,
         *       "title": "Wireless Earbuds"
         *     }
         */
        ItemPublic: {
            /** Category */
            category: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Description
             * @default
             */
            description?: string;
            /**
             * Item Id
             * @description 1-64 characters from A-Z a-z 0-9 . _ : -
             * @example elec-001
             */
            item_id: string;
            /** Price */
            price?: number | null;
            /** Title */
            title: string;
        };
        /**
         * ItemsBatch
         * @example {
         *       "items": [
         *         {
         *           "category": "electronics",
         *           "description": "Charges a phone four times",
         *           "item_id": "elec-007",
         *           "price": 45,
         *           "title": "Travel Power Bank 20000mAh"
         *         },
         *         {
         *           "category": "books",
         *           "item_id": "book-006",
         *           "price": 35,
         *           "title": "Clean Code"
         *         }
         *       ]
         *     }
         */
        ItemsBatch: {
            /** Items */
            items: components["schemas"]["ItemCreate"][];
        };
        /** ItemsCreated */
        ItemsCreated: {
            /** Created */
            created: number;
        };
        /** ItemsPublic */
        ItemsPublic: {
            /** Items */
            items: components["schemas"]["ItemPublic"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** ItemStats */
        ItemStats: {
            /** Add To Carts */
            add_to_carts: number;
            /** Clicks */
            clicks: number;
            /** Distinct Users */
            distinct_users: number;
            /** Item Id */
            item_id: string;
            /** Not Interested */
            not_interested: number;
            /** Purchases */
            purchases: number;
            /** Revenue */
            revenue: number;
            /** Views */
            views: number;
        };
        /** LastPurchase */
        LastPurchase: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Category */
            category: string;
            /** Item Id */
            item_id: string;
        };
        /** MetricAnalysisPublic */
        MetricAnalysisPublic: {
            /** Comparisons */
            comparisons: components["schemas"]["ComparisonPublic"][];
            /**
             * Guardrail
             * @description Declared as a guardrail
             * @default false
             */
            guardrail?: boolean;
            /** Higher Is Better */
            higher_is_better: boolean;
            /** Kind */
            kind: string;
            /** Label */
            label: string;
            /**
             * Metric
             * @enum {string}
             */
            metric: "ctr" | "conversion" | "revenue" | "engagement";
            /**
             * Primary
             * @description The declared primary metric: the one the verdict reads
             */
            primary: boolean;
            /** Variants */
            variants: components["schemas"]["ArmValuePublic"][];
        } & {
            [key: string]: unknown;
        };
        /** MetricsOverTime */
        MetricsOverTime: {
            /**
             * Bucket
             * @enum {string}
             */
            bucket: "day" | "hour";
            /** Test Id */
            test_id: number;
            /** Variants */
            variants: components["schemas"]["VariantSeries"][];
        };
        /** ModelStatus */
        ModelStatus: {
            /** @description Where the models came from; null when this process fit them */
            artefact?: components["schemas"]["ArtefactStatus"] | null;
            /**
             * Build Seconds
             * @description Reading storage plus fitting every strategy
             */
            build_seconds: number;
            /** Built At */
            built_at: number;
            /**
             * Covers Event Id
             * @description The event log position the last build read
             */
            covers_event_id: number;
            /**
             * Current
             * @description The last build read every stored event: the served models are the models of the data (a bulk loader waits for this)
             */
            current: boolean;
            /**
             * Current Since
             * @description Since when (Unix time) the models are current; null while not
             */
            current_since: number | null;
            /** Epoch */
            epoch: number;
            /** Events At Build */
            events_at_build: number;
            /** Events Since Build */
            events_since_build: number;
            /** Fit Seconds */
            fit_seconds: {
                [key: string]: number;
            };
            /** Items */
            items: number;
            /** Load Seconds */
            load_seconds: number;
            /**
             * Model Version
             * @description The build's version: the same on every worker built from the same data
             */
            model_version: string;
            /**
             * Parameters
             * @description Per strategy, the parameters the served model was created with
             */
            parameters?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            /**
             * Pending Events
             * @description Events taken in incrementally since the last build (the next covers them)
             */
            pending_events: number;
            /**
             * Rebuilds
             * @description Full builds since the service started, the first included
             */
            rebuilds: number;
            /** Refit After Events */
            refit_after_events: number;
            /**
             * Stored Event Id
             * @description The event log position in storage now
             */
            stored_event_id: number;
            /** Strategies */
            strategies: string[];
            /** @description The self-tuning that chose the parameters */
            tuning?: components["schemas"]["TuningStatus"];
            /** Version */
            version: number;
        };
        /** ModelVersionCount */
        ModelVersionCount: {
            /** Impressions */
            impressions: number;
            /** Model Version */
            model_version: string;
        };
        /** PhaseArmPublic */
        PhaseArmPublic: {
            /**
             * Clicks
             * @description Clicks credited to the lists of this phase
             */
            clicks: number;
            /**
             * Ctr
             * @description clicks / lists
             */
            ctr: number;
            /** Lists */
            lists: number;
            /**
             * Relative Lift
             * @description Against the control in the same phase
             */
            relative_lift: number | null;
            /** Variant */
            variant: string;
        };
        /** PhasePublic */
        PhasePublic: {
            /**
             * Ended At
             * @description null: the current phase
             */
            ended_at: string | null;
            /**
             * Model Build
             * @description The model build (full retrain count) that began it
             */
            model_build: number;
            /** Phase */
            phase: number;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /** Variants */
            variants: components["schemas"]["PhaseArmPublic"][];
        };
        /** PhasesPublic */
        PhasesPublic: {
            /**
             * Phases
             * @description Empty before the test serves a list
             */
            phases: components["schemas"]["PhasePublic"][];
            /** Test Id */
            test_id: number;
        };
        /** PlannedSizePublic */
        PlannedSizePublic: {
            /** Basis */
            basis: string;
            /** Sequential Tuning Sample Size */
            sequential_tuning_sample_size: number | null;
            /** Total Users */
            total_users: number;
            /** Users Per Variant */
            users_per_variant: {
                [key: string]: number;
            };
        };
        /** PlanPublic */
        PlanPublic: {
            /**
             * Alpha
             * @description False-positive rate
             * @default 0.05
             */
            alpha?: number;
            /**
             * Days To Plan
             * @description Days from the start until every arm has its planned users, at the current traffic; null when stopped or the traffic is unknown
             */
            days_to_plan: number | null;
            /**
             * Decision Rule
             * @description sequential: always valid, read it any day; fixed_horizon: decide once, when the planned users per variant are in
             * @default sequential
             * @enum {string}
             */
            decision_rule?: "sequential" | "fixed_horizon";
            /**
             * Guardrail Metrics
             * @description Metrics that must not get worse; reported, never decisive
             */
            guardrail_metrics?: ("ctr" | "conversion" | "revenue" | "engagement")[];
            /**
             * Minimum Detectable Effect
             * @description The smallest relative lift worth finding (0.05 = 5 %)
             * @default 0.05
             */
            minimum_detectable_effect?: number;
            /** @description null until the control has data to measure its spread (when derived) */
            planned: components["schemas"]["PlannedSizePublic"] | null;
            /**
             * Planned Duration Days
             * @description How long the test is meant to run
             * @default 14
             */
            planned_duration_days?: number;
            /**
             * Planned Users Per Variant
             * @description Fixes the plan; omitted: derived from the minimum detectable effect, power, alpha, the allocation and the control's observed spread
             */
            planned_users_per_variant?: number | null;
            /**
             * Power
             * @description Chance to find that lift
             * @default 0.8
             */
            power?: number;
            /**
             * Primary Metric
             * @description The one metric the verdict decides on
             * @default ctr
             * @enum {string}
             */
            primary_metric?: "ctr" | "conversion" | "revenue" | "engagement";
        };
        /** PopularPublic */
        PopularPublic: {
            filters: components["schemas"]["FiltersPublic"];
            /**
             * Generated At
             * @description When answered (UTC)
             */
            generated_at?: string | null;
            /**
             * Has More
             * @description Whether offset + n leaves more items
             */
            has_more: boolean;
            /**
             * Items
             * @description Best first
             */
            items: components["schemas"]["RecommendedItem"][];
            /** Model Version */
            model_version: number;
            /** N */
            n: number;
            /** Offset */
            offset: number;
            /**
             * Processing Time Ms
             * @description Time spent answering inside the service, in milliseconds
             * @example 3.4
             */
            processing_time_ms?: number | null;
            /**
             * Segment
             * @description The spending segment asked for, if any
             */
            segment: string | null;
            /** Strategy */
            strategy: string;
        };
        /** PositionStats */
        PositionStats: {
            /** Clicks */
            clicks: number;
            /** Ctr */
            ctr: number;
            /** Impressions */
            impressions: number;
            /**
             * Position
             * @description Rank in the list, 0 = first
             */
            position: number;
        };
        /** ProfilePublic */
        ProfilePublic: {
            /**
             * Average Price
             * @description Of the items bought (each purchase counts); of the items engaged with when nothing was bought; null without a priced item
             */
            average_price: number | null;
            /**
             * Generated At
             * @description When answered (UTC)
             */
            generated_at?: string | null;
            last_purchase: components["schemas"]["LastPurchase"] | null;
            /**
             * Processing Time Ms
             * @description Time spent answering inside the service, in milliseconds
             * @example 3.4
             */
            processing_time_ms?: number | null;
            /**
             * Segment
             * @description Spending quartile among all buyers: small (up to the 25th percentile), low-average (to the median), average (to the 75th), high; null before a purchase
             * @example average
             */
            segment: string | null;
            /**
             * Top Categories
             * @description Most events first, at most 5
             */
            top_categories: components["schemas"]["CategoryCount"][];
            totals: components["schemas"]["Totals"];
            /** User Id */
            user_id: string;
        };
        /** RankerCreditPublic */
        RankerCreditPublic: {
            /**
             * Clicks
             * @description Clicks on the items this ranker placed
             */
            clicks: number;
            /**
             * Lists Won
             * @description Lists where its items got more of the clicks
             */
            lists_won: number;
            /** Strategy */
            strategy: string;
            /** Variant */
            variant: string;
        };
        /** RecommendationsPublic */
        RecommendationsPublic: {
            /**
             * Context
             * @description What the list was built from
             * @example item
             */
            context?: ("user" | "item" | "session") | null;
            /**
             * Fallback
             * @description Set when a fallback served the user (e.g. popular_fallback for a user with no history); null when the strategy's own model did
             */
            fallback: string | null;
            filters: components["schemas"]["FiltersPublic"];
            /**
             * Generated At
             * @description When answered (UTC)
             */
            generated_at?: string | null;
            /**
             * Item Id
             * @description The item context, if any
             */
            item_id?: string | null;
            /**
             * Items
             * @description Best first
             */
            items: components["schemas"]["RecommendedItem"][];
            /**
             * Model Version
             * @description The live model's version the answer came from
             */
            model_version: number;
            /** N */
            n: number;
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page (null: no more): it never repeats an item served on this or an earlier page
             */
            next_cursor?: string | null;
            /** Offset */
            offset?: number | null;
            /**
             * Processing Time Ms
             * @description Time spent answering inside the service, in milliseconds
             * @example 3.4
             */
            processing_time_ms?: number | null;
            /**
             * Recent Items
             * @description The session, if any
             */
            recent_items?: string[] | null;
            /**
             * Rerank
             * @description The re-rank rules this answer was ranked with
             * @example {
             *       "buy_again": false,
             *       "buy_again_score": 0.5,
             *       "candidates": 200,
             *       "diversity": 1,
             *       "price_demotion": 0.85,
             *       "price_ratio": 1.5,
             *       "repurchase_default_days": 30,
             *       "upsell": 0
             *     }
             */
            rerank?: {
                [key: string]: unknown;
            } | null;
            /**
             * Segment
             * @description The user's spending segment
             * @example high
             */
            segment?: string | null;
            /**
             * Source
             * @description Served from the cache or computed
             * @enum {string}
             */
            source: "cache" | "model";
            /** Strategy */
            strategy: string;
            /**
             * User Id
             * @description null for an item or session context without one
             */
            user_id: string | null;
            /** Weights */
            weights: {
                [key: string]: number;
            } | null;
        };
        /**
         * RecommendationsUnderTest
         * @description /recommendations; with ``test_id`` the answer also says which variant served it.
         */
        RecommendationsUnderTest: {
            /**
             * Context
             * @description What the list was built from
             * @example item
             */
            context?: ("user" | "item" | "session") | null;
            /**
             * Fallback
             * @description Set when a fallback served the user (e.g. popular_fallback for a user with no history); null when the strategy's own model did
             */
            fallback: string | null;
            filters: components["schemas"]["FiltersPublic"];
            /**
             * Generated At
             * @description When answered (UTC)
             */
            generated_at?: string | null;
            /**
             * Impression Id
             * @description Carry it on clicks and purchases: they are credited to it
             */
            impression_id?: string | null;
            /**
             * Item Id
             * @description The item context, if any
             */
            item_id?: string | null;
            /**
             * Items
             * @description Best first
             */
            items: components["schemas"]["RecommendedItem"][];
            /**
             * Model Version
             * @description The live model's version the answer came from
             */
            model_version: number;
            /** N */
            n: number;
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page (null: no more): it never repeats an item served on this or an earlier page
             */
            next_cursor?: string | null;
            /** Offset */
            offset?: number | null;
            /**
             * Placed By
             * @description Interleaving tests: the variant whose ranker placed each item, by rank
             */
            placed_by?: string[] | null;
            /**
             * Processing Time Ms
             * @description Time spent answering inside the service, in milliseconds
             * @example 3.4
             */
            processing_time_ms?: number | null;
            /**
             * Recent Items
             * @description The session, if any
             */
            recent_items?: string[] | null;
            /**
             * Rerank
             * @description The re-rank rules this answer was ranked with
             * @example {
             *       "buy_again": false,
             *       "buy_again_score": 0.5,
             *       "candidates": 200,
             *       "diversity": 1,
             *       "price_demotion": 0.85,
             *       "price_ratio": 1.5,
             *       "repurchase_default_days": 30,
             *       "upsell": 0
             *     }
             */
            rerank?: {
                [key: string]: unknown;
            } | null;
            /**
             * Segment
             * @description The user's spending segment
             * @example high
             */
            segment?: string | null;
            /**
             * Source
             * @description Served from the cache or computed
             * @enum {string}
             */
            source: "cache" | "model";
            /** Strategy */
            strategy: string;
            /**
             * Test Id
             * @description Present when served under a test
             */
            test_id?: number | null;
            /**
             * User Id
             * @description null for an item or session context without one
             */
            user_id: string | null;
            /**
             * Variant
             * @description null when the test is stopped or leaves the user out
             */
            variant?: string | null;
            /** Weights */
            weights: {
                [key: string]: number;
            } | null;
        };
        /** RecommendedItem */
        RecommendedItem: {
            /**
             * Buy Again
             * @description Returned by the repurchase rule: bought before, due again
             * @default false
             */
            buy_again?: boolean;
            /** Category */
            category: string;
            /** Item Id */
            item_id: string;
            /**
             * Price
             * @description The catalogue price; null if none
             * @example 2.55
             */
            price?: number | null;
            /**
             * Reason
             * @description The evidence: neighbours, liked items or shared terms
             */
            reason: string;
            /**
             * Relevance
             * @description 0..1 on one scale for every strategy: the strategy's score min-max normalised over the candidates, times the re-rank rules' factors, divided by the best; 1 = the top item of the whole ranking (page 1's first). `score` stays the strategy's own, on its own scale
             * @example 0.83
             */
            relevance?: number | null;
            /** Score */
            score: number;
            /** Title */
            title: string;
            /**
             * Via
             * @description The path that produced it: model, cold_item_fill, popular_fill, popular_fallback, representative_fallback, buy_again, ...
             */
            via: string;
        };
        /** RelativeLiftPublic */
        RelativeLiftPublic: {
            /** Ci High */
            ci_high: number | null;
            /** Ci Low */
            ci_low: number | null;
            /**
             * Ci Low Clipped
             * @description true when the interval reached below -100 % and ci_low was cut to -1 (a relative lift cannot go lower)
             * @default false
             */
            ci_low_clipped?: boolean;
            /**
             * Estimate
             * @description treatment / control - 1
             */
            estimate: number;
            /** P Value */
            p_value: number | null;
            /** Standard Error */
            standard_error: number | null;
        } & {
            [key: string]: unknown;
        };
        /** ReplayEstimatePublic */
        ReplayEstimatePublic: {
            /** Ci High */
            ci_high: number;
            /** Ci Low */
            ci_low: number;
            /**
             * Estimate
             * @description Clicks per list
             */
            estimate: number;
            /** Standard Error */
            standard_error: number;
        };
        /** ReplayPublic */
        ReplayPublic: {
            /** Alpha */
            alpha: number;
            /** Effective Sample Size */
            effective_sample_size: number | null;
            /** @description Inverse propensity scoring */
            ips: components["schemas"]["ReplayEstimatePublic"] | null;
            /**
             * Lists
             * @description Lists (impressions) in the log
             */
            lists: number;
            /**
             * Matched Lists
             * @description Logged lists the strategy itself served
             */
            matched_lists: number;
            /** Matched Users */
            matched_users: number;
            /**
             * Reason
             * @description Why there is no estimate, when there is none
             */
            reason: string | null;
            /**
             * Served By
             * @description The arms of the test that served this strategy
             */
            served_by: string[];
            /** @description Self-normalised IPS */
            snips: components["schemas"]["ReplayEstimatePublic"] | null;
            /** Strategy */
            strategy: string;
            /** Test Id */
            test_id: number;
            /**
             * Users
             * @description Exposed users in the log
             */
            users: number;
        };
        /** RuleVerdictPublic */
        RuleVerdictPublic: {
            /** Decided */
            decided: boolean;
            /** Decision */
            decision: string;
            /**
             * Leader
             * @description The variant ahead on the primary metric
             */
            leader: string | null;
            /**
             * Relative Lift
             * @description treatment / control - 1, primary metric
             */
            relative_lift: number | null;
            /** Rule */
            rule: string;
            /**
             * Status
             * @enum {string}
             */
            status: "decided" | "running" | "underpowered" | "stopped_undecided" | "insufficient_data";
            /** Text */
            text: string;
            /** Treatment */
            treatment: string;
        };
        /** SampleRatioPublic */
        SampleRatioPublic: {
            /**
             * Checked
             * @description false before any user, and for adaptive tests
             */
            checked: boolean;
            /** Chi Square */
            chi_square: number | null;
            /** Explanation */
            explanation: string;
            /** Mismatch */
            mismatch: boolean;
            /** P Value */
            p_value: number | null;
            /** Threshold */
            threshold: number;
        } & {
            [key: string]: unknown;
        };
        /** SampleSizePublic */
        SampleSizePublic: {
            /** Basis */
            basis: string;
            /** Days Needed */
            days_needed: number | null;
            /** More Users Needed Per Variant */
            more_users_needed_per_variant: number;
            /** Target Relative Effect */
            target_relative_effect: number;
            /** Users Needed Per Variant */
            users_needed_per_variant: number;
        } & {
            [key: string]: unknown;
        };
        /** SecondaryReadingPublic */
        SecondaryReadingPublic: {
            /** Adjustment Method */
            adjustment_method: string | null;
            /** Guardrail */
            guardrail: boolean;
            /** Label */
            label: string;
            /**
             * Metric
             * @enum {string}
             */
            metric: "ctr" | "conversion" | "revenue" | "engagement";
            /** P Value Adjusted */
            p_value_adjusted: number | null;
            /** Relative Lift */
            relative_lift: number | null;
            /** Significant */
            significant: boolean | null;
            /** Treatment */
            treatment: string;
            /**
             * Worse
             * @description Significantly worse: a breached guardrail if guardrail
             */
            worse: boolean;
        };
        /** SeedResult */
        SeedResult: {
            /** Interactions */
            interactions: number;
            /** Items */
            items: number;
            /** Status */
            status: string;
            /** Users */
            users: number;
        };
        /** SequentialPublic */
        SequentialPublic: {
            /** Ci High */
            ci_high: number | null;
            /** Ci Low */
            ci_low: number | null;
            /**
             * Ci Low Clipped
             * @description true when the interval reached below -100 % and ci_low was cut to -1 (a relative lift cannot go lower)
             * @default false
             */
            ci_low_clipped?: boolean;
            /**
             * P Value
             * @description always valid: safe to read at every look
             */
            p_value: number | null;
            /** Tuning Sample Size */
            tuning_sample_size: number;
        } & {
            [key: string]: unknown;
        };
        /** ServingHealth */
        ServingHealth: {
            /** Cache Hit Rate */
            cache_hit_rate: number;
            /** Fallback Share */
            fallback_share: number;
            /** P95 Latency Ms */
            p95_latency_ms: number | null;
        };
        /** SimilarItemsPublic */
        SimilarItemsPublic: {
            filters: components["schemas"]["FiltersPublic"];
            /**
             * Generated At
             * @description When answered (UTC)
             */
            generated_at?: string | null;
            /** Item Id */
            item_id: string;
            /** Items */
            items: components["schemas"]["RecommendedItem"][];
            /** Model Version */
            model_version: number;
            /** N */
            n: number;
            /**
             * Processing Time Ms
             * @description Time spent answering inside the service, in milliseconds
             * @example 3.4
             */
            processing_time_ms?: number | null;
            /**
             * Strategies
             * @description The strategies whose similarities were blended
             */
            strategies: string[];
        };
        /** StrategiesPublic */
        StrategiesPublic: {
            /**
             * Default
             * @description What /recommendations serves without ?strategy=
             */
            default: string;
            /** Strategies */
            strategies: components["schemas"]["StrategyPublic"][];
        };
        /** StrategyMetrics */
        StrategyMetrics: {
            /**
             * Coverage At 10
             * @description Share of the train items shown in some top 10
             */
            coverage_at_10: number;
            /** Fit Seconds */
            fit_seconds: number;
            /** Hr At 10 */
            hr_at_10: number;
            /**
             * Ild At 10
             * @description Intra-list diversity: mean cosine distance within a top 10
             */
            ild_at_10?: number | null;
            /** Latency Ms Median */
            latency_ms_median: number;
            /** Latency Ms P95 */
            latency_ms_p95: number;
            /** Map At 10 */
            map_at_10: number;
            /** Mrr At 10 */
            mrr_at_10: number;
            /** Ndcg At 10 */
            ndcg_at_10: number;
            /**
             * Novelty At 10
             * @description Mean self-information (bits) of the items shown
             */
            novelty_at_10?: number | null;
            /**
             * Personalisation At 10
             * @description 1 - mean overlap between two users' top 10s
             */
            personalisation_at_10?: number | null;
            /** Recall At 20 */
            recall_at_20: number;
            /** Strategy */
            strategy: string;
            /**
             * Users
             * @description Users evaluated (each with at least one test item)
             */
            users: number;
        };
        /** StrategyPublic */
        StrategyPublic: {
            /** Description */
            description: string;
            /** Name */
            name: string;
        };
        /** TimeBucket */
        TimeBucket: {
            /** Clicks */
            clicks: number;
            /**
             * Conversions
             * @description Attributed purchases
             */
            conversions: number;
            /** Ctr */
            ctr: number;
            /** Impressions */
            impressions: number;
            /** Revenue */
            revenue: number;
            /**
             * Start
             * Format: date-time
             */
            start: string;
        };
        /** Totals */
        Totals: {
            /**
             * By Type
             * @example {
             *       "purchase": 3,
             *       "view": 12
             *     }
             */
            by_type: {
                [key: string]: number;
            };
            /**
             * Events
             * @description Every event the user logged
             */
            events: number;
            /**
             * Items Bought
             * @description Distinct items among the purchases
             */
            items_bought: number;
            /** Purchases */
            purchases: number;
            /**
             * Revenue
             * @description What the purchases brought in: each one's revenue, or the item's price where a purchase carried none
             */
            revenue: number;
        };
        /**
         * TuningStatus
         * @description The builder's self-tuning behind the served models (live/tuning.py).
         */
        TuningStatus: {
            /**
             * Best
             * @description The strategy best on validation
             */
            best?: string | null;
            /** Budget Seconds */
            budget_seconds?: number | null;
            /**
             * Complete
             * @description Every candidate was tried within the budget
             */
            complete?: boolean | null;
            /**
             * Events
             * @description Stored events it was tuned on
             */
            events?: number | null;
            /**
             * Reason
             * @description Why it ran (first, scheduled, ...)
             */
            reason?: string | null;
            /**
             * Seconds
             * @description Wall-clock seconds it took
             */
            seconds?: number | null;
            /**
             * State
             * @description off: TUNING_BUDGET_SECONDS is 0, or this process fits its own models; too_little_data: fewer than TUNING_MIN_EVENTS events; pending: the first tuning is under way; failed: it failed (the defaults are served); tuned: the winners are served
             * @enum {string}
             */
            state: "off" | "too_little_data" | "pending" | "failed" | "tuned";
            /**
             * Tried
             * @description Candidates evaluated
             */
            tried?: number | null;
            /**
             * Tuned At
             * @description When it ran (Unix time)
             */
            tuned_at?: number | null;
            /**
             * Validation
             * @description Per strategy, its chosen parameters' figures on the validation split (ndcg@10, recall@20, ..., users)
             */
            validation?: {
                [key: string]: {
                    [key: string]: number;
                };
            };
        };
        /** UserHistory */
        UserHistory: {
            /** Interactions */
            interactions: components["schemas"]["InteractionPublic"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
            /** User Id */
            user_id: string;
        };
        /** UserPublic */
        UserPublic: {
            /**
             * First Seen
             * Format: date-time
             */
            first_seen: string;
            /** Interaction Count */
            interaction_count: number;
            /**
             * Last Seen
             * Format: date-time
             */
            last_seen: string;
            /** User Id */
            user_id: string;
        };
        /** UsersPublic */
        UsersPublic: {
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
            /** Users */
            users: components["schemas"]["UserPublic"][];
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** VariantAllocationPublic */
        VariantAllocationPublic: {
            /** Intended Weight */
            intended_weight: number;
            /**
             * Observed Share
             * @description null before any user is exposed
             */
            observed_share: number | null;
            /** Users */
            users: number;
            /** Variant */
            variant: string;
        } & {
            [key: string]: unknown;
        };
        /** VariantCreate */
        VariantCreate: {
            /**
             * Name
             * @example control
             */
            name: string;
            /**
             * Rerank
             * @description Re-rank rules for this arm's lists (names and ranges as the /recommendations re-rank parameters); they win over a request's own
             * @example {
             *       "upsell": 2
             *     }
             */
            rerank?: {
                [key: string]: unknown;
            } | null;
            /**
             * Strategy
             * @example cf
             */
            strategy: string;
            /**
             * Weight
             * @description Relative; need not sum to 1; at most 1,000,000
             */
            weight: number;
        };
        /** VariantPublic */
        VariantPublic: {
            /** Name */
            name: string;
            /** Rerank */
            rerank?: {
                [key: string]: unknown;
            } | null;
            /** Strategy */
            strategy: string;
            /** Weight */
            weight: number;
        };
        /** VariantResults */
        VariantResults: {
            /** Add To Carts */
            add_to_carts: number;
            /** Assigned Users */
            assigned_users: number;
            /** Clicking Users */
            clicking_users: number;
            /** Clicks */
            clicks: number;
            /**
             * Conversion Rate
             * @description exposed users who purchased / exposed users
             */
            conversion_rate: number;
            /** Converted Users */
            converted_users: number;
            /**
             * Ctr
             * @description clicks / impressions
             */
            ctr: number;
            /** Ctr By Position */
            ctr_by_position: components["schemas"]["PositionStats"][];
            /** Exposed Users */
            exposed_users: number;
            /** Impressions */
            impressions: number;
            /**
             * Mean Engagement Seconds
             * @description mean over attributed events that report engagement
             */
            mean_engagement_seconds: number | null;
            /** Model Versions */
            model_versions: components["schemas"]["ModelVersionCount"][];
            /** Purchases */
            purchases: number;
            /**
             * Rerank
             * @description The arm's own re-rank rules (null: the request's)
             */
            rerank?: {
                [key: string]: unknown;
            } | null;
            /** Revenue */
            revenue: number;
            /**
             * Revenue Per User
             * @description revenue / exposed users
             */
            revenue_per_user: number;
            serving: components["schemas"]["ServingHealth"];
            /** Strategy */
            strategy: string;
            /** Variant */
            variant: string;
            /** Weight */
            weight: number;
        };
        /** VariantSeries */
        VariantSeries: {
            /** Buckets */
            buckets: components["schemas"]["TimeBucket"][];
            /** Variant */
            variant: string;
        };
        /** VerdictPublic */
        VerdictPublic: {
            /** Decided */
            decided: boolean;
            /**
             * Decision
             * @description ship, keep_control, no_meaningful_difference, keep_running, inconclusive, insufficient_data or blocked_sample_ratio_mismatch
             */
            decision: string;
            /**
             * Declared Rule
             * @enum {string}
             */
            declared_rule: "sequential" | "fixed_horizon";
            /** Guardrails Breached */
            guardrails_breached: ("ctr" | "conversion" | "revenue" | "engagement")[];
            /** Leader */
            leader: string | null;
            /** Per Treatment */
            per_treatment: components["schemas"]["RuleVerdictPublic"][];
            /**
             * Primary Metric
             * @enum {string}
             */
            primary_metric: "ctr" | "conversion" | "revenue" | "engagement";
            /** Recommended Variant */
            recommended_variant: string | null;
            /**
             * Rule
             * @description The rule that read the test
             */
            rule: string;
            /** Secondary */
            secondary: components["schemas"]["SecondaryReadingPublic"][];
            /** Status */
            status: string;
            /** Stopped At */
            stopped_at: string | null;
            /** Text */
            text: string;
        };
        /**
         * WeightsUpdate
         * @example {
         *       "weights": {
         *         "control": 0.8,
         *         "treatment": 0.2
         *       }
         *     }
         */
        WeightsUpdate: {
            /**
             * Weights
             * @description {variant name: weight > 0} for every variant; stored assignments stay
             */
            weights: {
                [key: string]: number;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_tests_ab_tests_get: {
        parameters: {
            query?: {
                /** @description active, or all tests */
                status?: "active" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbTestsPublic"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_test_ab_tests_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AbTestCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbTestPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description It exists already (the first one is kept), or the test is not in a state for this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request body is larger than MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_test_ab_tests__test_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbTestPublic"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    analysis_ab_tests__test_id__analysis_get: {
        parameters: {
            query?: {
                /** @description Omitted: the test's declared rule, the one its verdict decides by. Given: read the test under that rule instead (for reference; the answer names both). Adaptive tests use the Bayesian posterior either way. */
                decision_method?: ("sequential" | "fixed_horizon") | null;
            };
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbAnalysis"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_assignment_ab_tests__test_id__assignments_get: {
        parameters: {
            query: {
                /** @description 1-64 characters from A-Z a-z 0-9 . _ : - */
                user_id: string;
            };
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentPublic"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    interleaving_analysis_ab_tests__test_id__interleaving_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InterleavingPublic"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    metrics_over_time_ab_tests__test_id__metrics_over_time_get: {
        parameters: {
            query?: {
                /** @description Bucket width (UTC) */
                bucket?: "day" | "hour";
            };
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsOverTime"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    phases_of_ab_tests__test_id__phases_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhasesPublic"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replay_ab_tests__test_id__replay_get: {
        parameters: {
            query: {
                /** @description A registered strategy */
                strategy: string;
            };
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayPublic"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    results_ab_tests__test_id__results_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbResults"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    statistical_analysis_ab_tests__test_id__statistical_analysis_get: {
        parameters: {
            query?: {
                /** @description Omitted: the test's declared rule, the one its verdict decides by. Given: read the test under that rule instead (for reference; the answer names both). Adaptive tests use the Bayesian posterior either way. */
                decision_method?: ("sequential" | "fixed_horizon") | null;
            };
            header?: never;
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbStatisticalAnalysis"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    stop_test_ab_tests__test_id__stop_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbTestPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description It exists already (the first one is kept), or the test is not in a state for this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    set_weights_ab_tests__test_id__weights_put: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path: {
                /** @description The id the service gave the test */
                test_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WeightsUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbTestPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description It exists already (the first one is kept), or the test is not in a state for this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request body is larger than MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_runs_evaluation_runs_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluationRunsPublic"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    start_run_evaluation_runs_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["EvaluationRunCreate"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluationRunPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request body is larger than MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_run_evaluation_runs__run_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluationRunPublic"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    health_health_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description The storage is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    liveness_health_live_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
        };
    };
    readiness_health_ready_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description The storage is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    log_interaction_interactions_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InteractionCreate"];
            };
        };
        responses: {
            /** @description A repeated event_id: the first record, counted once */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InteractionPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request body is larger than MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    log_interactions_interactions_batch_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InteractionsBatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchAccepted"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request body is larger than MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_items_items_get: {
        parameters: {
            query?: {
                category?: string | null;
                /** @description Page size */
                limit?: number;
                /** @description Rows to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemsPublic"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_item_items_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ItemCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description It exists already (the first one is kept), or the test is not in a state for this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request body is larger than MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_item_items__item_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemPublic"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    similar_items_items__item_id__similar_get: {
        parameters: {
            query?: {
                /** @description Only these categories (repeat for several) */
                category?: string[];
                /** @description Item ids never to return: repeat the parameter or give a comma list */
                exclude?: string[];
                max_price?: number | null;
                min_price?: number | null;
                /** @description How many items (1-100) */
                n?: number;
                /** @description One strategy's similarity; default: content and co-occurrence */
                strategy?: string | null;
            };
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimilarItemsPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_item_stats_items__item_id__stats_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemStats"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_items_items_batch_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ItemsBatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemsCreated"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description It exists already (the first one is kept), or the test is not in a state for this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request body is larger than MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    popular_items_items_popular_get: {
        parameters: {
            query?: {
                /** @description Only these categories (repeat for several) */
                category?: string[];
                /** @description Item ids never to return: repeat the parameter or give a comma list */
                exclude?: string[];
                max_price?: number | null;
                min_price?: number | null;
                /** @description How many items (1-100) */
                n?: number;
                /** @description Items to skip */
                offset?: number;
                /** @description Popular with shoppers of this spending quartile: small, low-average, average, high (see /users/{user_id}/profile) */
                segment?: ("small" | "low-average" | "average" | "high") | null;
            };
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PopularPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    model_status_model_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelStatus"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recommendations_recommendations_get: {
        parameters: {
            query?: {
                /** @description Let bought items return, marked buy_again, once their repurchase interval has passed (off by default) */
                buy_again?: boolean | null;
                /** @description How many candidates to re-rank */
                candidates?: number | null;
                /** @description Only these categories (repeat for several) */
                category?: string[];
                /** @description The next_cursor of the previous page: the next page without any item already served, even after the model moved */
                cursor?: string | null;
                /** @description Maximal marginal relevance lambda: 1 = relevance only, lower pushes near-duplicates and same-category runs apart */
                diversity?: number | null;
                /** @description Item ids never to return: repeat the parameter or give a comma list */
                exclude?: string[];
                /** @description Item context: people who view this also like (never it) */
                item_id?: string | null;
                max_price?: number | null;
                min_price?: number | null;
                /** @description How many items (1-100) */
                n?: number;
                /** @description Items to skip (page = offset/n) */
                offset?: number;
                /** @description Their relevance is multiplied by this (1 = no demotion) */
                price_demotion?: number | null;
                /** @description Items above this multiple of the user's average price are demoted */
                price_ratio?: number | null;
                /** @description An anonymous session: recently viewed item ids (comma list or repeated, at most 20); never those items */
                recent_items?: string[];
                /** @description A name from /strategies */
                strategy?: string | null;
                /** @description Serve the user's variant in this A/B test */
                test_id?: number | null;
                /** @description Boost for items priced above the user's average: relevance x (1 + upsell) */
                upsell?: number | null;
                user_id?: string | null;
                /** @description Per-request blend for the hybrid: `ease:0.5,item_cf:0.3,content:0.2` */
                weights?: string | null;
            };
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecommendationsUnderTest"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recommendations_v1_recommendations_v1_get: {
        parameters: {
            query: {
                /** @description Only these categories (repeat for several) */
                category?: string[];
                /** @description Item ids never to return: repeat the parameter or give a comma list */
                exclude?: string[];
                max_price?: number | null;
                min_price?: number | null;
                /** @description How many items (1-100) */
                n?: number;
                /** @description 1-64 characters from A-Z a-z 0-9 . _ : - */
                user_id: string;
                /** @description Per-request blend for the hybrid: `ease:0.5,item_cf:0.3,content:0.2` */
                weights?: string | null;
            };
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecommendationsPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recommendations_v2_recommendations_v2_get: {
        parameters: {
            query: {
                /** @description Only these categories (repeat for several) */
                category?: string[];
                /** @description Item ids never to return: repeat the parameter or give a comma list */
                exclude?: string[];
                max_price?: number | null;
                min_price?: number | null;
                /** @description How many items (1-100) */
                n?: number;
                /** @description 1-64 characters from A-Z a-z 0-9 . _ : - */
                user_id: string;
                /** @description Per-request blend for the hybrid: `ease:0.5,item_cf:0.3,content:0.2` */
                weights?: string | null;
            };
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecommendationsPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    seed_seed_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SeedResult"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    clear_seed_clear_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SeedResult"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too many writes with this key (WRITE_RATE_LIMIT); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    strategies_strategies_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StrategiesPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_users_users_get: {
        parameters: {
            query?: {
                /** @description Page size */
                limit?: number;
                /** @description Rows to skip */
                offset?: number;
            };
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsersPublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    user_history_users__user_id__interactions_get: {
        parameters: {
            query?: {
                /** @description Page size */
                limit?: number;
                /** @description Rows to skip */
                offset?: number;
            };
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserHistory"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    user_profile_users__user_id__profile_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description An API key: the admin key, or the storefront key where it suffices */
                "x-api-key"?: string | null;
            };
            path: {
                /** @description 1-64 characters from A-Z a-z 0-9 . _ : - */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfilePublic"];
                };
            };
            /** @description No X-API-Key, and this operation needs one (keys are configured) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The X-API-Key is not a key of a scope this operation accepts */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description What the path (or the body) names does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The storage is unreachable right now; retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
