#include "analysis/graph_layout.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>

#include <fmt/format.h>


namespace drsim::analysis {
namespace {

// cgraph takes char* for names and values it copies; the strings outlive each call.
char* c(std::string& text) { return text.data(); }

// Graphviz reads backslash escapes (\N, \n, \l) in labels: a backslash in an id stays one.
std::string label_text(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

void set(void* object, std::string name, std::string value) {
  agsafeset(object, c(name), c(value), const_cast<char*>(""));
}

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};

}  // namespace

struct GraphLayout::Context {
  GVC_t* gvc = gvContext();
  Context() = default;
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  ~Context() {
    if (gvc) gvFreeContext(gvc);
  }
};

GraphLayout::GraphLayout() : context_(std::make_unique<Context>()) {}
GraphLayout::~GraphLayout() = default;

std::string GraphLayout::svg(const models::Scenario& s, const models::FleetGraph& graph, const GraphStyle& style) {
  if (graph.nodes().empty()) return "<p class=\"note\">No resources to draw.</p>\n";
  GVC_t* gvc = context_->gvc;
  std::string name = "requires";
  std::unique_ptr<Agraph_t, GraphCloser> g(agopen(c(name), Agdirected, nullptr));
  if (!gvc || !g) return "<p class=\"note\">Graphviz could not start; the requires graph is left out.</p>\n";
  // Graphviz prefixes the ids it writes (graph0, node1, edge1) with the graph's id: one page
  // holds many graphs, and ids must be unique in it.
  set(g.get(), "id", fmt::format("graph{}-", ++graphs_));
  set(g.get(), "rankdir", "LR");
  set(g.get(), "nodesep", "0.25");
  set(g.get(), "ranksep", "0.5");
  std::vector<bool> on_path(s.groups.size(), false), unrecoverable(s.groups.size(), false);
  for (std::uint32_t grp : style.highlight) on_path[grp] = true;
  for (std::uint32_t grp : style.unrecoverable) unrecoverable[grp] = true;

  std::vector<Agnode_t*> node(s.groups.size(), nullptr);
  for (std::uint32_t grp : graph.nodes()) {
    std::string id = fmt::format("g{}", grp);
    Agnode_t* n = agnode(g.get(), c(id), 1);
    node[grp] = n;
    std::string label = label_text(s.groups[grp].id) + "\\n" + models::fleet_node_type(s, grp);
    if (style.note) {
      const std::string extra = style.note(grp);
      if (!extra.empty()) label += "\\n" + label_text(extra);
    }
    set(n, "label", label);
    set(n, "shape", "box");
    set(n, "style", unrecoverable[grp] ? "rounded,filled" : "rounded");
    set(n, "fontname", "DejaVu Sans");
    set(n, "fontsize", "10");
    set(n, "class", on_path[grp] ? "critical" : "");
    if (s.groups[grp].fleet) set(n, "peripheries", "2");
    if (unrecoverable[grp]) set(n, "fillcolor", "#f6d5d1");
    if (on_path[grp]) {
      set(n, "color", "#c0392b");
      set(n, "fontcolor", "#c0392b");
      set(n, "penwidth", "2.5");
    }
    set(n, "tooltip", label_text(s.groups[grp].id));
  }
  for (const models::FleetEdge& e : graph.edges()) {
    Agedge_t* edge = agedge(g.get(), node[e.from], node[e.to], nullptr, 1);
    if (models::edge_on_path(e, style.highlight)) {
      set(edge, "color", "#c0392b");
      set(edge, "penwidth", "2.5");
    } else if (e.matching) {
      set(edge, "style", "dashed");
      set(edge, "label", "1:1");
      set(edge, "fontname", "DejaVu Sans");
      set(edge, "fontsize", "9");
    }
  }
  if (gvLayout(gvc, g.get(), "dot") != 0)
    return "<p class=\"note\">Graphviz could not lay out the requires graph; it is left out.</p>\n";
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(gvc, g.get(), "svg", &data, &length);
  std::string svg = rendered == 0 && data ? std::string(data, length) : std::string();
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, g.get());
  const auto start = svg.find("<svg");
  if (start == std::string::npos) return "<p class=\"note\">Graphviz could not render the requires graph.</p>\n";
  // Inline in HTML: no prolog or doctype, and the picture scales down to the page.
  return "<div class=\"graph\">" + svg.substr(start) + "</div>\n";
}

}  // namespace drsim::analysis
