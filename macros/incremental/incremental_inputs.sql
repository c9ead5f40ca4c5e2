{#- What the current model's incremental batch depends on, read from the graph:
    - parents: the nearest incremental models upstream (their consumed landings bound
      this model's batch);
    - new_rows / rebuild: the raw tables upstream (at any depth) whose source declares
      `meta: {incremental: new_rows}` (models read the rows landed since their last run)
      or `meta: {incremental: rebuild}` (any landing rebuilds the models reading it). -#}
{% macro incremental_inputs() -%}
    {%- set found = {'parents': [], 'new_rows': [], 'rebuild': []} -%}
    {%- set seen = [] -%}
    {%- set frontier = [] -%}
    {%- for id in model.depends_on.nodes -%}
        {%- do frontier.append([id, false]) -%}
    {%- endfor -%}
    {#- Breadth first; the range only bounds the walk (a node is visited once). -#}
    {%- for _ in range(1000) if frontier -%}
        {%- set item = frontier.pop(0) -%}
        {%- set id, beyond_parent = item[0], item[1] -%}
        {%- if id not in seen -%}
            {%- do seen.append(id) -%}
            {%- if id.startswith('source.') -%}
                {%- set source_node = graph.sources[id] -%}
                {%- set behaviour = source_node.meta.get('incremental') -%}
                {%- if behaviour in ('new_rows', 'rebuild')
                    and source_node.identifier not in found[behaviour] -%}
                    {%- do found[behaviour].append(source_node.identifier) -%}
                {%- endif -%}
            {%- elif id.startswith('model.') -%}
                {%- set parent = graph.nodes[id] -%}
                {%- set is_parent = parent.config.materialized == 'incremental' -%}
                {%- if is_parent and not beyond_parent -%}
                    {%- do found.parents.append(id) -%}
                {%- endif -%}
                {%- for upstream in parent.depends_on.nodes -%}
                    {%- do frontier.append([upstream, beyond_parent or is_parent]) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}
