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
        /** List Tests */
        get: operations["list_tests_ab_tests_get"];
        put?: never;
        /**
         * Create Test
         * @description Variants omitted: control = `cf` (v1), treatment = `content` (v2), 50/50.
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
        /** Get Test */
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
         * @description The statistical tests per metric (CTR first, the primary), user-level, with the
         *     sample-ratio check.
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
    "/ab_tests/{test_id}/metrics_over_time": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Metrics Over Time */
        get: operations["metrics_over_time_ab_tests__test_id__metrics_over_time_get"];
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
         * @description The full analysis with conclusions and a plain-language verdict.
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
        /** Get Run */
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
        /** Health */
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
    "/interactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log Interaction */
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
        /** Log Interactions */
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
        /** List Items */
        get: operations["list_items_items_get"];
        put?: never;
        /** Create Item */
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
        /** Get Item */
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
        /** Similar Items */
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
        /** Get Item Stats */
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
        /** Create Items */
        post: operations["create_items_items_batch_post"];
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
        /** Strategies */
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
        /** List Users */
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
            mode: "fixed" | "adaptive";
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
        /** AbTestCreate */
        AbTestCreate: {
            /**
             * Description
             * @default
             */
            description?: string;
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
             * Mode
             * @description fixed: the MD5 split; adaptive: Thompson sampling moves the weights
             * @default fixed
             * @enum {string}
             */
            mode?: "fixed" | "adaptive";
            /** Name */
            name: string;
            /**
             * Variants
             * @description Two or more, in order; omitted: control = cf, treatment = content, 50/50
             */
            variants?: components["schemas"]["VariantCreate"][] | null;
        };
        /** AbTestPublic */
        AbTestPublic: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string;
            /** Id */
            id: number;
            /** Layer */
            layer: string | null;
            /** Layer Traffic */
            layer_traffic: number | null;
            /**
             * Mode
             * @enum {string}
             */
            mode: "fixed" | "adaptive";
            /** Name */
            name: string;
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
        /** BatchAccepted */
        BatchAccepted: {
            /** Accepted */
            accepted: number;
            /** Duplicates */
            duplicates: number;
        };
        /** EvaluationRunCreate */
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
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][] | string;
        };
        /** InteractionCreate */
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
             * @example 85123A
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
             * @example 17850
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
        /** InteractionsBatch */
        InteractionsBatch: {
            /** Interactions */
            interactions: components["schemas"]["InteractionCreate"][];
        };
        /** ItemCreate */
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
             * @example 85123A
             */
            item_id: string;
            /** Price */
            price?: number | null;
            /** Title */
            title: string;
        };
        /** ItemPublic */
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
             * @example 85123A
             */
            item_id: string;
            /** Price */
            price?: number | null;
            /** Title */
            title: string;
        };
        /** ItemsBatch */
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
             * Rebuilds
             * @description Full builds since the service started, the first included
             */
            rebuilds: number;
            /** Refit After Events */
            refit_after_events: number;
            /** Strategies */
            strategies: string[];
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
        /** RecommendationsPublic */
        RecommendationsPublic: {
            /**
             * Fallback
             * @description Set when a fallback served the user (e.g. popular_fallback for a user with no history); null when the strategy's own model did
             */
            fallback: string | null;
            filters: components["schemas"]["FiltersPublic"];
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
             * Source
             * @description Served from the cache or computed
             * @enum {string}
             */
            source: "cache" | "model";
            /** Strategy */
            strategy: string;
            /** User Id */
            user_id: string;
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
             * Fallback
             * @description Set when a fallback served the user (e.g. popular_fallback for a user with no history); null when the strategy's own model did
             */
            fallback: string | null;
            filters: components["schemas"]["FiltersPublic"];
            /**
             * Impression Id
             * @description Carry it on clicks and purchases: they are credited to it
             */
            impression_id?: string | null;
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
            /** User Id */
            user_id: string;
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
            /** Category */
            category: string;
            /** Item Id */
            item_id: string;
            /**
             * Reason
             * @description The evidence: neighbours, liked items or shared terms
             */
            reason: string;
            /** Score */
            score: number;
            /** Title */
            title: string;
            /**
             * Via
             * @description The path that produced it: model, cold_item_fill, popular_fill, popular_fallback, representative_fallback, ...
             */
            via: string;
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
            /** Item Id */
            item_id: string;
            /** Items */
            items: components["schemas"]["RecommendedItem"][];
            /** Model Version */
            model_version: number;
            /** N */
            n: number;
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
            /** Coverage At 10 */
            coverage_at_10: number;
            /** Fit Seconds */
            fit_seconds: number;
            /** Hr At 10 */
            hr_at_10: number;
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
        /** VariantCreate */
        VariantCreate: {
            /**
             * Name
             * @example control
             */
            name: string;
            /**
             * Strategy
             * @example cf
             */
            strategy: string;
            /**
             * Weight
             * @description Relative; need not sum to 1
             */
            weight: number;
        };
        /** VariantPublic */
        VariantPublic: {
            /** Name */
            name: string;
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
        /** WeightsUpdate */
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
        };
    };
    create_test_ab_tests_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The admin key, when one is set */
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    analysis_ab_tests__test_id__analysis_get: {
        parameters: {
            query?: {
                /** @description sequential (default) stays valid however often the results are read; fixed_horizon is for a single read at the planned end. Adaptive tests use the Bayesian posterior either way. */
                decision_method?: "sequential" | "fixed_horizon";
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
                    "application/json": {
                        [key: string]: unknown;
                    };
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    statistical_analysis_ab_tests__test_id__statistical_analysis_get: {
        parameters: {
            query?: {
                /** @description sequential (default) stays valid however often the results are read; fixed_horizon is for a single read at the planned end. Adaptive tests use the Bayesian posterior either way. */
                decision_method?: "sequential" | "fixed_horizon";
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
                    "application/json": {
                        [key: string]: unknown;
                    };
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
        };
    };
    stop_test_ab_tests__test_id__stop_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The admin key, when one is set */
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    set_weights_ab_tests__test_id__weights_put: {
        parameters: {
            query?: never;
            header?: {
                /** @description The admin key, when one is set */
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
        };
    };
    start_run_evaluation_runs_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The admin key, when one is set */
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
                    "application/json": {
                        [key: string]: unknown;
                    };
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
    log_interaction_interactions_post: {
        parameters: {
            query?: never;
            header?: never;
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    log_interactions_interactions_batch_post: {
        parameters: {
            query?: never;
            header?: never;
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
        };
    };
    create_item_items_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The admin key, when one is set */
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
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
                    "application/json": components["schemas"]["SimilarItemsPublic"];
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_items_items_batch_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The admin key, when one is set */
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    model_status_model_get: {
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
                    "application/json": components["schemas"]["ModelStatus"];
                };
            };
        };
    };
    recommendations_recommendations_get: {
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
                /** @description A name from /strategies */
                strategy?: string | null;
                /** @description Serve the user's variant in this A/B test */
                test_id?: number | null;
                /** @description 1-64 characters from A-Z a-z 0-9 . _ : - */
                user_id: string;
                /** @description Per-request blend for the hybrid: `ease:0.5,item_cf:0.3,content:0.2` */
                weights?: string | null;
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
                    "application/json": components["schemas"]["RecommendationsUnderTest"];
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
                    "application/json": components["schemas"]["RecommendationsPublic"];
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
                    "application/json": components["schemas"]["RecommendationsPublic"];
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
        };
    };
    seed_seed_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The admin key, when one is set */
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    clear_seed_clear_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The admin key, when one is set */
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    strategies_strategies_get: {
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
                    "application/json": components["schemas"]["StrategiesPublic"];
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
                    "application/json": components["schemas"]["UsersPublic"];
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
            header?: never;
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
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
}
