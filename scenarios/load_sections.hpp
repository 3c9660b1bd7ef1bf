#pragma once
// The section loaders, one per top-level key group, called by load_scenario_text in
// dependency order: each may rely on what the ones before it have filled into the context.
#include "scenarios/load_context.hpp"

namespace drsim::scenarios {

void load_header(LoadContext& ctx);        // drsim, name, description, epoch, simulation
void load_topology(LoadContext& ctx);      // regions, vaults
void load_models(LoadContext& ctx);        // models (the catalogue and the per-type sets)
void load_prices(LoadContext& ctx);        // prices: the bundled table with the scenario's overrides
void load_resources(LoadContext& ctx);     // resources, fleets, per-resource models, requires
void load_backup_plans(LoadContext& ctx);  // backup_plans
void load_protections(LoadContext& ctx);   // protections
// The continuous-backup and replication kinds of /protections (load_replication.cpp): true
// when `kind` is one of them (loaded, or reported).
bool load_continuous_or_replication(LoadContext& ctx, const Node& n, std::string_view kind);
// What AWS keeps on without being asked: cluster automated backups, cached volumes'
// recovery points.
void add_implicit_protections(LoadContext& ctx);
void load_recovery(LoadContext& ctx);      // recovery
void load_applications(LoadContext& ctx);  // applications
void load_failures(LoadContext& ctx);      // failures
// Warnings for plans AWS accepts that cannot work as intended (plan_checks.cpp); run once the
// scenario loaded without errors.
void check_plans(LoadContext& ctx);

// Applies the step overrides of one type entry of `models` ({"backup": {"fixed", "mib_per_s"},
// ...}) to `into`; shared by the top-level section and per-resource overrides.
void apply_type_models(LoadContext& ctx, const Node& n, models::TypeModels& into);

}  // namespace drsim::scenarios
