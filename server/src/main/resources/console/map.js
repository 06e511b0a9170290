// Ensemble console: the top-down map of a session, in SVG. Scene x runs right and z runs down;
// one SVG unit is one metre. Participant names go into <title> as text, never as markup.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';

class SessionMap {
  constructor(svg, legend) {
    this.svg = svg;
    this.legend = legend;
    this.roleColors = new Map();
    this.entityNodes = new Map();
    this.participantNodes = new Map();
  }

  static el(name, attributes) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes || {})) {
      node.setAttribute(key, String(value));
    }
    return node;
  }

  /** Draws the floor plan: bounds, walls, zones; and the role legend. */
  setLayout(layout) {
    this.svg.replaceChildren();
    this.entityNodes.clear();
    this.participantNodes.clear();
    const b = layout.bounds;
    this.svg.setAttribute('viewBox', `${b.minX} ${b.minZ} ${b.maxX - b.minX} ${b.maxZ - b.minZ}`);
    this.svg.appendChild(SessionMap.el('rect', { x: b.minX, y: b.minZ, width: b.maxX - b.minX, height: b.maxZ - b.minZ,
      fill: '#eef0f3', stroke: '#98a2ae', 'stroke-width': 0.08 }));
    this.zones = SessionMap.el('g', { class: 'zones' });
    for (const zone of layout.zones) {
      const color = zone.color || '#7fb3ff';
      const [cx, cz] = zone.center;
      const shape = zone.shape === 'sphere'
        ? SessionMap.el('circle', { cx, cy: cz, r: zone.radius })
        : SessionMap.el('rect', { x: cx - zone.size[0] / 2, y: cz - zone.size[1] / 2, width: zone.size[0], height: zone.size[1] });
      shape.setAttribute('fill', color);
      shape.setAttribute('fill-opacity', '0.2');
      shape.setAttribute('stroke', color);
      shape.setAttribute('stroke-width', '0.05');
      shape.setAttribute('data-zone', zone.id);
      const label = SessionMap.el('text', { x: cx, y: cz, 'font-size': 0.6, 'text-anchor': 'middle', fill: '#334' });
      label.textContent = zone.label;
      this.zones.append(shape, label);
    }
    this.walls = SessionMap.el('g', { class: 'walls' });
    for (const wall of layout.walls) {
      this.walls.appendChild(SessionMap.el('rect', { x: wall.center[0] - wall.size[0] / 2, y: wall.center[1] - wall.size[1] / 2,
        width: wall.size[0], height: wall.size[1], fill: wall.color || '#55606c' }));
    }
    this.entities = SessionMap.el('g', { class: 'entities' });
    this.people = SessionMap.el('g', { class: 'participants' });
    this.svg.append(this.zones, this.walls, this.entities, this.people);
    this.roleColors.clear();
    this.legend.replaceChildren();
    for (const role of layout.roles) {
      this.roleColors.set(role.id, role.color || '#3080ff');
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = this.roleColors.get(role.id);
      item.append(swatch, document.createTextNode(role.name));
      this.legend.appendChild(item);
    }
    this.roleColors.set('spectator', '#999999');
  }

  /** Moves, adds or removes the entities a frame reports (only changed ones are sent). */
  updateEntities(entities) {
    for (const entity of entities) {
      let node = this.entityNodes.get(entity.id);
      if (!node) {
        node = SessionMap.el('rect', { width: 0.4, height: 0.4, fill: '#c08040', 'data-entity': entity.id });
        this.entityNodes.set(entity.id, node);
        this.entities.appendChild(node);
      }
      node.setAttribute('x', (entity.position[0] - 0.2).toFixed(2));
      node.setAttribute('y', (entity.position[2] - 0.2).toFixed(2));
      node.setAttribute('stroke', entity.holder ? '#000' : 'none');
      node.setAttribute('stroke-width', '0.06');
    }
  }

  /** Places every participant; those no longer present disappear. */
  updateParticipants(participants) {
    const seen = new Set();
    for (const p of participants) {
      seen.add(p.id);
      let node = this.participantNodes.get(p.id);
      if (!node) {
        node = SessionMap.el('g', { 'data-participant': p.id });
        node.appendChild(SessionMap.el('circle', { r: 0.35, 'stroke-width': 0.08, stroke: '#fff' }));
        node.appendChild(SessionMap.el('title'));
        this.participantNodes.set(p.id, node);
        this.people.appendChild(node);
      }
      const circle = node.firstChild;
      circle.setAttribute('cx', p.head[0].toFixed(2));
      circle.setAttribute('cy', p.head[2].toFixed(2));
      circle.setAttribute('fill', this.roleColors.get(p.role) || '#3080ff');
      circle.setAttribute('fill-opacity', p.connected ? '1' : '0.35');
      node.setAttribute('data-role', p.role);
      node.lastChild.textContent = `${p.name} (${p.role})`;
    }
    for (const [id, node] of this.participantNodes) {
      if (!seen.has(id)) {
        node.remove();
        this.participantNodes.delete(id);
      }
    }
  }
}
