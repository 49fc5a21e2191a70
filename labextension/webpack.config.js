// Extra webpack configuration, merged by @jupyterlab/builder into its own.
//
// plotly.js-dist-min is already minified: production builds put it in a chunk of
// its own, "plotly", and leave that chunk out of Terser, which would otherwise spend
// about a minute re-minifying 4.6 MB for nothing.
const TerserPlugin = require('terser-webpack-plugin');

module.exports = {
  optimization: {
    splitChunks: {
      cacheGroups: {
        plotly: {
          test: /[\\/]node_modules[\\/]plotly\.js-dist-min[\\/]/,
          name: 'plotly',
          chunks: 'async',
          enforce: true,
          priority: 20
        }
      }
    },
    minimizer: [new TerserPlugin({ exclude: /^plotly\./ })]
  },
  // The plotly chunk is big on purpose (it is loaded only when a chart is drawn).
  performance: { hints: false }
};
