package io.anyscope.analytics;

/**
 * One self-contained HTML page: inline CSS, inline SVG, a tiny inline script (sortable tables) that marks
 * {@code body[data-ready=1]} when it ran and records script errors in {@code body[data-errors]}. No network
 * reference of any kind.
 */
public final class HtmlPage {
    private HtmlPage() {
    }

    static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2328;
              max-width:1180px;margin:24px auto;padding:0 20px;background:#fff}
            h1{font-size:26px;margin:.2em 0 .1em}h2{font-size:20px;margin-top:1.8em;border-bottom:1px solid #d0d7de;padding-bottom:4px}
            h3{font-size:16px;margin-top:1.4em}.sub{color:#59636e;margin-top:0}
            .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
            .card{border:1px solid #d0d7de;border-radius:8px;padding:10px 14px;min-width:130px;background:#f6f8fa}
            .card b{display:block;font-size:22px}.card span{color:#59636e;font-size:12px}
            .tw{overflow-x:auto;margin:8px 0 4px}
            table{border-collapse:collapse;font-size:13px}
            th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa;cursor:pointer;white-space:nowrap}th:hover{background:#eaeef2}
            th.asc:after{content:" \\25B2"}th.desc:after{content:" \\25BC"}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr:nth-child(even) td{background:#fbfcfd}
            .null{color:#8c959f}.note{color:#59636e;font-size:12px}
            .chart{margin:10px 0;border:1px solid #eaeef2;border-radius:6px;display:inline-block}
            .chart svg{display:block;max-width:100%;height:auto}
            pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px 10px;overflow-x:auto;font-size:12.5px}
            code{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
            .cell{margin:18px 0}.cell-h{color:#59636e;font-size:12px;margin-bottom:2px}
            footer{margin-top:40px;color:#8c959f;font-size:12px}
            nav.reports{display:flex;flex-wrap:wrap;gap:4px 14px;border-bottom:1px solid #d0d7de;padding:6px 0;margin-bottom:6px}
            nav.reports a{color:#0969da;text-decoration:none}nav.reports a.here{color:#1f2328;font-weight:600}
            .asof{color:#59636e;font-size:12.5px;margin:4px 0 10px}
            .chart{display:block;position:relative;width:100%;max-width:1140px;padding:6px;box-sizing:border-box}
            .dt-ctl{margin:8px 0 4px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
            .dt-ctl input{padding:3px 6px;min-width:16em}.dt-info{color:#59636e;font-size:12.5px}
            .dt-where{font-size:12.5px;background:#ddf4ff;border-radius:4px;padding:1px 6px}.dt-where:empty{display:none}
            table.data td{max-width:28em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
            details.glossary{margin-top:36px}details.glossary summary{cursor:pointer;font-weight:600}
            """;

    static final String SCRIPT = """
            (function(){
              var body=document.body;
              function err(m){body.dataset.errors=(body.dataset.errors?body.dataset.errors+'; ':'')+m;}
              window.addEventListener('error',function(e){err(e.message);});
              try{
                function key(td){var v=td.getAttribute('data-v');return v!==null?parseFloat(v):td.textContent.toLowerCase();}
                document.querySelectorAll('table.sortable').forEach(function(t){
                  var ths=t.tHead.rows[0].cells;
                  Array.prototype.forEach.call(ths,function(th,i){
                    th.addEventListener('click',function(){
                      var asc=!th.classList.contains('asc');
                      Array.prototype.forEach.call(ths,function(h){h.classList.remove('asc','desc');});
                      th.classList.add(asc?'asc':'desc');
                      var tb=t.tBodies[0],rows=Array.prototype.slice.call(tb.rows);
                      rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
                        if(typeof x==='number'&&typeof y==='number'){return asc?x-y:y-x;}
                        return asc?String(x).localeCompare(String(y)):String(y).localeCompare(String(x));});
                      rows.forEach(function(r){tb.appendChild(r);});
                    });
                  });
                });
                body.dataset.charts=String(document.querySelectorAll('svg').length);
                body.dataset.ready='1';
              }catch(e){err(String(e));}
            })();
            """;

    /** A report page: navigation, the "as of" line, the body, the glossary; Chart.js inlined when it has charts. */
    public static String report(String title, String body, PageFrame frame) {
        StringBuilder head = new StringBuilder();
        if (!frame.nav().isEmpty()) {
            head.append("<nav class=\"reports\" aria-label=\"Reports\">");
            for (var e : frame.nav()) {
                boolean here = e.getKey().equals(frame.current());
                head.append("<a href=\"").append(Render.escape(e.getKey())).append(".html\"")
                        .append(here ? " class=\"here\" aria-current=\"page\"" : "").append('>')
                        .append(Render.escape(e.getValue())).append("</a>");
            }
            head.append("</nav>\n");
        }
        String asOf = frame.asOf().isEmpty() ? "" : "<p class=\"asof\">" + Render.escape(frame.asOf()) + "</p>\n";
        String all = body;
        int h1 = all.indexOf("</h1>");
        all = h1 < 0 ? asOf + all : all.substring(0, h1 + 5) + "\n" + asOf + all.substring(h1 + 5);
        all = head + all + frame.glossary();
        boolean charts = all.contains("class=\"chart-data\"") || all.contains("class=\"picker-data\"");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + Render.escape(title) + "</title><style>" + CSS + "</style></head>\n<body>\n"
                + all + "\n<footer>Generated by anyscope. Self-contained page: no external resources"
                + (charts ? "; charts by Chart.js " + ChartJs.VERSION + " (MIT licence), inlined" : "") + ".</footer>\n"
                + (charts ? "<script>" + ChartJs.source() + "</script>\n" : "")
                + "<script>" + REPORT_SCRIPT + "</script>\n</body></html>\n";
    }

    /**
     * The report pages' script: draws each chart (Chart.js) and picker from its JSON block, and each data table
     * (sort by a header click, filter box, pages of {@code PAGE} rows) from its JSON block. Marks body[data-ready=1]
     * at its end, body[data-charts] (charts drawn), body[data-tables]; script errors go to body[data-errors].
     */
    static final String REPORT_SCRIPT = """
            (function(){
              var body=document.body,PAGE=50,drawn=0,tables=0,filters={};
              function err(m){body.dataset.errors=(body.dataset.errors?body.dataset.errors+'; ':'')+m;}
              window.addEventListener('error',function(e){err(e.message);});
              function cut(s,n){s=String(s);return s.length>n?s.slice(0,n-1)+'\u2026':s;}
              function num(v){return typeof v==='number'?v.toLocaleString('en-US'):v;}
              function draw(canvas,d,onClick){
                var horiz=!!d.horizontal,cat=horiz?'y':'x',val=horiz?'x':'y';
                var scales={};
                scales[cat]={stacked:!!d.stacked,ticks:{autoSkip:!horiz,maxRotation:0,autoSkipPadding:12,
                  callback:function(v){return cut(this.getLabelForValue(v),horiz?34:16);}}};
                scales[val]={stacked:!!d.stacked,beginAtZero:true,title:{display:!!d.yTitle,text:d.yTitle}};
                var c=new Chart(canvas,{type:d.type,data:{labels:d.labels,datasets:d.datasets.map(function(s){
                    return {label:s.label,data:s.data,borderColor:s.color,backgroundColor:s.color,borderWidth:d.type==='line'?2:0,
                      pointRadius:0,pointHitRadius:6,spanGaps:true,tension:0};})},
                  options:{animation:false,responsive:true,maintainAspectRatio:false,indexAxis:cat,
                    interaction:{mode:d.type==='line'?'index':'nearest',intersect:d.type!=='line',axis:cat},
                    onClick:onClick,
                    plugins:{title:{display:true,text:d.title,font:{size:14}},legend:{position:'bottom',labels:{boxWidth:12}},
                      tooltip:{callbacks:{title:function(items){return items.length?String(d.labels[items[0].dataIndex]):'';}}}},
                    scales:scales}});
                if(c.chartArea&&c.chartArea.width>0){drawn++;canvas.dataset.drawn='1';}
                if(horiz){canvas.dataset.bars=String(d.labels.length);canvas.dataset.barLabels=String(c.scales[cat].ticks.length);}
                return c;
              }
              try{
                var pickers=[];
                document.querySelectorAll('.picker').forEach(function(p){
                  var d=JSON.parse(p.querySelector('.picker-data').textContent),sel=p.querySelector('select'),chart=null;
                  function show(m){var s=d.members[m];if(!s){return;}sel.value=m;
                    var ds=['legacy','anyio','broken'].filter(function(k){return s[k];}).map(function(k){
                      return {label:k+' sites',data:s[k],color:d.colors[k]};});
                    if(chart){chart.destroy();drawn--;}
                    chart=draw(p.querySelector('canvas'),{type:'line',title:d.title+': '+m,labels:d.labels,datasets:ds});}
                  sel.addEventListener('change',function(){show(sel.value);});
                  pickers.push(show);show(sel.value);
                });
                document.querySelectorAll('.chart-data').forEach(function(s){
                  var d=JSON.parse(s.textContent);
                  draw(s.parentNode.querySelector('canvas'),d,pickers.length&&d.type==='line'?function(e,els,c){
                    var near=c.getElementsAtEventForMode(e,'nearest',{intersect:false},true);
                    if(near.length){var l=c.data.datasets[near[0].datasetIndex].label;pickers.forEach(function(f){f(l);});}}:undefined);
                });
                document.querySelectorAll('.dt').forEach(function(box){
                  var d=JSON.parse(box.querySelector('.dt-data').textContent),cols=d.cols;
                  var rows=d.rows.map(function(r){return r.map(function(v,i){return cols[i].dict&&v!==null?cols[i].dict[v]:v;});});
                  var view=rows,page=0,sortCol=-1,asc=true,tb=box.querySelector('tbody'),info=box.querySelector('.dt-info');
                  var text=null,q='',where=null,wh=document.createElement('span');
                  wh.className='dt-where';box.querySelector('.dt-ctl').appendChild(wh);
                  function refilter(){
                    if(q&&!text){text=rows.map(function(r){return r.filter(function(v,i){return !cols[i].hidden;}).join('\u0001').toLowerCase();});}
                    view=q||where?rows.filter(function(r,i){return (!where||String(r[where.i])===where.v)&&(!q||text[i].indexOf(q)>=0);}):rows;
                    if(sortCol>=0){sortView();}page=0;render();}
                  function setWhere(col,val){var i=-1;cols.forEach(function(c,k){if(c.id===col){i=k;}});
                    where=i<0||col===null?null:{i:i,v:val};box.dataset.where=where?col+'='+val:'';
                    wh.innerHTML=where?esc(cols[i].label)+' = <b>'+esc(val)+'</b> <button type="button">Show all</button>':'';
                    if(where){wh.querySelector('button').addEventListener('click',function(){setWhere(null);});}
                    refilter();}
                  filters[d.name]=function(col,val){setWhere(col,val);box.scrollIntoView();};
                  function render(){
                    var pages=Math.max(1,Math.ceil(view.length/PAGE));page=Math.min(page,pages-1);
                    var h=[],from=page*PAGE,to=Math.min(view.length,from+PAGE);
                    for(var r=from;r<to;r++){h.push('<tr>');
                      for(var i=0;i<cols.length;i++){var v=view[r][i];if(cols[i].hidden){continue;}
                        var u=cols[i].link!=null?view[r][cols[i].link]:null;
                        if(v===null){h.push('<td><span class="null">\u2013</span></td>');}
                        else if(cols[i].num){h.push('<td class="num">'+a(u,esc(num(v)))+'</td>');}
                        else{var s=String(v);h.push(s.length>LONG?'<td title="'+esc(s)+'">'+a(u,esc(cut(s,LONG)))+'</td>':'<td>'+a(u,esc(s))+'</td>');}}
                      h.push('</tr>');}
                    tb.innerHTML=h.join('');
                    info.textContent=view.length?('rows '+num(from+1)+'\u2013'+num(to)+' of '+num(view.length)
                      +(view.length<rows.length?' (filtered from '+num(rows.length)+')':'')+', page '+(page+1)+' of '+pages)
                      :'no rows'+(rows.length?' match':'');
                    box.dataset.page=String(page+1);box.dataset.rows=String(view.length);
                    prev.style.visibility=next.style.visibility=pages>1?'visible':'hidden';
                  }
                  var prev=box.querySelector('.dt-prev'),next=box.querySelector('.dt-next');
                  prev.addEventListener('click',function(){if(page>0){page--;render();}});
                  next.addEventListener('click',function(){page++;render();});
                  box.querySelector('input').addEventListener('input',function(e){q=e.target.value.toLowerCase();refilter();});
                  function sortView(){var i=sortCol,n=cols[i].num,k=asc?1:-1;
                    view=view.slice().sort(function(a,b){var x=a[i],y=b[i];
                      if(x===null||y===null){return x===y?0:x===null?1:-1;}
                      return k*(n?x-y:String(x).localeCompare(String(y)));});}
                  var ths=box.querySelectorAll('th');
                  ths.forEach(function(th,i){th.addEventListener('click',function(){
                    asc=sortCol===i?!asc:!cols[i].num;sortCol=i;
                    ths.forEach(function(h){h.classList.remove('asc','desc');});th.classList.add(asc?'asc':'desc');
                    sortView();page=0;render();});});
                  render();tables++;
                });
                // a filter link, #TABLE:COLUMN=VALUE (of this page, or of a link from another page), narrows TABLE
                function fromHash(){var m=/^#([A-Za-z0-9_]+):([A-Za-z0-9_]+)=(.*)$/.exec(location.hash);
                  if(!m||!filters[m[1]]){return;}var v=m[3];try{v=decodeURIComponent(v);}catch(e){}filters[m[1]](m[2],v);}
                window.addEventListener('hashchange',fromHash);fromHash();
                body.dataset.charts=String(drawn);body.dataset.tables=String(tables);
                body.dataset.ready='1';
              }catch(e){err(String(e&&e.stack||e));}
              function a(u,html){return u?'<a href="'+esc(u)+'">'+html+'</a>':html;}
              function esc(s){return String(s).replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;').replace(/"/g,'&quot;');}
            })();
            """.replace("LONG", String.valueOf(Render.LONG_TEXT));

    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + Render.escape(title) + "</title><style>" + CSS + "</style></head>\n<body>\n"
                + body + "\n<footer>Generated by anyscope. Self-contained page: no external resources.</footer>\n"
                + "<script>" + SCRIPT + "</script>\n</body></html>\n";
    }
}
